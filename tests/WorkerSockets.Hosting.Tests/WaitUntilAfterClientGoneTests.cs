using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Infrastructure;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests;

/// <summary>WaitUntil work that fails because the client went away (its sockets were aborted) is routine: Debug, not an error.</summary>
public sealed class WaitUntilAfterClientGoneTests
{
    [Fact]
    public async Task A_WaitUntil_task_failing_after_the_client_left_is_logged_at_Debug_and_a_real_failure_at_Error()
    {
        await using var echo = new LoopbackEchoServer();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var logger = factory.CreateLogger("scope");

        using var clientGone = new CancellationTokenSource();
        await WorkerContext.RunAsync(
            async ctx =>
            {
                var socket = Sockets.Connect(echo.Address);
                await socket.Opened;
                ctx.WaitUntil(UseSocketAfterAbortAsync(socket));
                await clientGone.CancelAsync();
            },
            SocketPolicy.Development,
            logger,
            clientGone.Token).WaitAsync(TestTimeouts.Default);

        await WorkerContext.RunAsync(
            ctx =>
            {
                ctx.WaitUntil(Task.FromException(new InvalidOperationException("a real failure")));
                return Task.CompletedTask;
            },
            SocketPolicy.Development,
            logger).WaitAsync(TestTimeouts.Default);

        var afterClientLeft = Assert.Single(logs.Entries, e => e.Message.StartsWith("A WaitUntil task", StringComparison.Ordinal) && e.Level == LogLevel.Debug);
        Assert.Contains("client went away", afterClientLeft.Message, StringComparison.Ordinal);
        Assert.NotNull(afterClientLeft.Exception);
        var real = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("a real failure", real.Exception!.Message);
    }

    private static async Task UseSocketAfterAbortAsync(WorkerSocket socket)
    {
        // Waits for the abort itself, not for the token: a callback registered on the token after the scope's own runs
        // before it (callbacks run last-registered first), so the echo could otherwise still find the socket open.
        await Assert.ThrowsAsync<IOException>(() => socket.Closed);
        await SocketText.EchoAsync(socket, "too late");
    }
}
