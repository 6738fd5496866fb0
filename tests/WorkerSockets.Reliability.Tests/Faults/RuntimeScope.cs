using WorkerSockets.Reliability.Tests.Infrastructure;

namespace WorkerSockets.Reliability.Tests.Faults;

/// <summary>Runs a test body as one request scope (development policy: loopback allowed) and checks the scope let go of every socket.</summary>
internal static class RuntimeScope
{
    public static async Task RunAsync(Func<WorkerContext, Task> body, SocketPolicy? policy = null)
    {
        var logs = new CapturingLoggerProvider();
        await WorkerContext.RunAsync(body, policy ?? SocketPolicy.Development, logs.CreateLogger("scope")).Within(Timeouts.Default * 2);

        // A socket the fault left open would be aborted and logged as leaked when the scope ended.
        Assert.DoesNotContain(logs.Entries, Leaks.IsLeakLog);
    }

    /// <summary>The exception <paramref name="action"/> ends in, within <see cref="Timeouts.Prompt"/>.</summary>
    public static async Task<Exception> FailureOf(Func<Task> action)
    {
        var exception = await Record.ExceptionAsync(() => action().WaitAsync(Timeouts.Prompt));
        Assert.NotNull(exception);
        Assert.IsNotType<TimeoutException>(exception);
        return exception;
    }
}
