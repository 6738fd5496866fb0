namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>Every wait in these tests has a bound, so a bug fails the test instead of hanging it (generous: the build machine is shared).</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
}
