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
}
