namespace WorkerSockets.Reliability.Tests.Infrastructure;

/// <summary>Every wait has a bound, so a bug fails a test instead of hanging it (generous: the build machine is shared).</summary>
public static class Timeouts
{
    /// <summary>The bound on any single wait.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>How soon a fault must surface: well under <see cref="Default"/>, so "promptly" means something.</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    public static Task<T> Within<T>(this Task<T> task, TimeSpan? bound = null) => task.WaitAsync(bound ?? Default);

    public static Task Within(this Task task, TimeSpan? bound = null) => task.WaitAsync(bound ?? Default);

    public static Task<T> Within<T>(this ValueTask<T> task, TimeSpan? bound = null) => task.AsTask().WaitAsync(bound ?? Default);
}
