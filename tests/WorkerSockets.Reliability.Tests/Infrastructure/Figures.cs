namespace WorkerSockets.Reliability.Tests.Infrastructure;

/// <summary>
/// The run sizes (CI defaults, or the full counts from <c>scripts/reliability-full.sh</c>) and where to write the
/// measured figures (<c>WORKERSOCKETS_RELIABILITY_REPORT</c>, one <c>name=value</c> per line).
/// </summary>
public static class Figures
{
    public static int Cycles => Read("WORKERSOCKETS_RELIABILITY_CYCLES", 500);

    public static int ConcurrentRequests => Read("WORKERSOCKETS_RELIABILITY_CONCURRENCY", 50);

    public static void Report(string name, object value)
    {
        if (Environment.GetEnvironmentVariable("WORKERSOCKETS_RELIABILITY_REPORT") is { Length: > 0 } path)
        {
            lock (typeof(Figures))
                File.AppendAllText(path, $"{name}={value}{Environment.NewLine}");
        }
    }

    private static int Read(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}

/// <summary>Tests that measure the whole process (file descriptors, heap, many sockets) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWide
{
    public const string Name = "process-wide measurements";
}
