using Microsoft.Extensions.Logging;

namespace WorkerSockets.Reliability.Tests.Infrastructure;

/// <summary>What the runtime logs when a request ends with a socket still open.</summary>
public static class Leaks
{
    public static bool IsLeakLog(LogEntry entry)
        => entry.Level == LogLevel.Warning && entry.Message.Contains("was still open when its request ended", StringComparison.Ordinal);
}

/// <summary>The process's open file descriptors, from <c>/proc/self/fd</c> (Linux).</summary>
public static class OpenFileDescriptors
{
    public static int Count() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    /// <summary>What each open descriptor points at (<c>socket:[inode]</c>, a path, ...), for reporting the difference between two moments.</summary>
    /// Assemblies and symbol files the runtime maps lazily (the first formatted stack trace opens a .pdb) are left out:
    /// they are code being loaded, not descriptors a request could leak.
    public static List<string> Targets()
        => [.. Directory.GetFileSystemEntries("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? "?")
            .Where(target => !target.EndsWith(".dll", StringComparison.Ordinal) && !target.EndsWith(".pdb", StringComparison.Ordinal))];
}
