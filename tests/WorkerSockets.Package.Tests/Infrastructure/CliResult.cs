namespace WorkerSockets.Package.Tests.Infrastructure;

/// <summary>What a finished CLI process left behind: its exit code and everything it printed.</summary>
internal sealed record CliResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command and its output, for assertion messages.</summary>
    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory} exited with {ExitCode}. Output:{Environment.NewLine}{Output}";

    public CliResult EnsureSuccess()
    {
        Assert.True(Succeeded, Describe());
        return this;
    }
}
