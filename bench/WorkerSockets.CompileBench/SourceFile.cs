namespace WorkerSockets.CompileBench;

/// <summary>One file of the generated project: its path relative to the project folder and its text.</summary>
public sealed record SourceFile(string Path, string Text);
