using System.Net;
using Microsoft.Extensions.Logging;
using WorkerSockets.Internal;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>How a request ends: WaitUntil draining, the messages it logs, and which sockets it aborts in which order.</summary>
public sealed class RequestEndTests
{
    private static string Leaked(string remoteAddress)
        => $"A WorkerSocket to {remoteAddress} was still open when its request ended; it was aborted. Close sockets with `await using`, or pass CloseAsync() to ctx.WaitUntil.";

    private static string WaitUntilTimedOut(string seconds)
        => $"WaitUntil work was still running {seconds} s after the handler returned; the request ends now and its open sockets are aborted.";

    [Fact]
    public async Task WaitUntil_work_cut_off_at_the_limit_logs_the_timeout_and_then_the_socket_it_aborted()
    {
        await using var peer = new SilentPeer();
        var logger = new CollectingLogger();
        WorkerSocket? socket = null;
        await Scope.RunAsync(
            async ctx =>
            {
                socket = Sockets.Connect(peer.Address);
                await socket.Opened.WithTimeout();
                ctx.WaitUntil(new TaskCompletionSource().Task);
            },
            logger: logger,
            waitUntilLimit: TimeSpan.FromMilliseconds(250));

        var error = await Assert.ThrowsAsync<IOException>(() => socket!.Closed.WithTimeout());
        Assert.Equal("The socket was aborted because the request that opened it ended.", error.Message);
        Assert.Equal(
            [(LogLevel.Warning, WaitUntilTimedOut("0.25")), (LogLevel.Warning, Leaked(peer.Address))],
            logger.Entries);
    }

    [Fact]
    public async Task WaitUntil_work_added_by_WaitUntil_work_after_the_handler_returned_is_waited_for_too()
    {
        var logger = new CollectingLogger();
        var goAhead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var addedLater = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The handler completes synchronously, so by the time RunAsync returns the scope has already taken the WaitUntil
        // work it knew of and is waiting on it; the work added below comes strictly after that.
        var run = Scope.RunAsync(
            ctx =>
            {
                ctx.WaitUntil(AddMoreWorkAsync());
                return Task.CompletedTask;

                async Task AddMoreWorkAsync()
                {
                    await goAhead.Task;

                    // Never finishes: a request that waits for it runs into the limit; one that forgot it ends quietly.
                    var never = new TaskCompletionSource().Task;
                    ctx.WaitUntil(never);
                    addedLater.SetResult(never);
                }
            },
            logger: logger,
            waitUntilLimit: TimeSpan.FromSeconds(2));
        goAhead.SetResult();
        await run;

        Assert.False((await addedLater.Task.WithTimeout()).IsCompleted);
        Assert.Equal([(LogLevel.Warning, WaitUntilTimedOut("2"))], logger.Entries);
    }

    [Fact]
    public async Task Sockets_still_queued_or_connecting_at_the_end_are_logged_as_leaks_like_open_ones()
    {
        await using var peer = new SilentPeer();
        var logger = new CollectingLogger();
        var unanswered = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var policy = SocketPolicy.Development.WithResolver((name, ct) => name == "unanswered.test" ? unanswered.Task.WaitAsync(ct) : Task.FromResult(new[] { IPAddress.Loopback }));
        var connecting = $"unanswered.test:{peer.Port}";
        var queued = $"queued.test:{peer.Port}";
        await Scope.RunAsync(
            async _ =>
            {
                var open = Enumerable.Range(0, 5).Select(_ => Sockets.Connect(peer.Address)).ToArray();
                await Task.WhenAll(open.Select(s => s.Opened)).WithTimeout();
                var stillConnecting = Sockets.Connect(connecting);
                var stillQueued = Sockets.Connect(queued);
                Assert.Equal(SocketState.Connecting, stillConnecting.State);
                Assert.Equal(SocketState.Queued, stillQueued.State);
            },
            policy,
            logger);

        string[] expected = [Leaked(connecting), Leaked(queued), .. Enumerable.Repeat(Leaked(peer.Address), 5)];
        Assert.Equal(expected.Order(StringComparer.Ordinal), logger.Entries.Select(e => e.Message).Order(StringComparer.Ordinal));
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
    }

    [Fact]
    public async Task Queued_sockets_are_aborted_before_any_open_socket_frees_its_slot()
    {
        await using var peer = new SilentPeer();
        var logger = new CollectingLogger();
        var queued = $"queued.test:{peer.Port}";
        WorkerSocket[] waiting = [];
        await Scope.RunAsync(
            async _ =>
            {
                var open = Enumerable.Range(0, 6).Select(_ => Sockets.Connect(peer.Address)).ToArray();
                await Task.WhenAll(open.Select(s => s.Opened)).WithTimeout();
                waiting = [Sockets.Connect(queued), Sockets.Connect(queued)];
            },
            logger: logger);

        // Each socket's leak is logged just before it is aborted: the log is the order of the aborts.
        Assert.Equal([.. Enumerable.Repeat(Leaked(queued), 2), .. Enumerable.Repeat(Leaked(peer.Address), 6)], logger.Entries.Select(e => e.Message));
        foreach (var socket in waiting)
        {
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.Equal("The request that opened this socket ended before the socket could connect.", error.Message);
        }
    }

    [Fact]
    public async Task Connect_returns_while_the_name_is_still_resolving_and_the_socket_opens_once_it_resolves()
    {
        await using var peer = new SilentPeer();
        var asked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var policy = SocketPolicy.Development.WithResolver((name, ct) =>
        {
            asked.TrySetResult(name);
            return answer.Task.WaitAsync(ct);
        });
        try
        {
            await Scope.RunAsync(
                async _ =>
                {
                    // On another thread with a bound: a Connect that waited for the connection would wait for the answer
                    // given only after it returned, and fail this wait instead of hanging the test.
                    var socket = await Task.Run(() => Sockets.Connect("slow.test", peer.Port)).WithTimeout();
                    Assert.Equal("slow.test", await asked.Task.WithTimeout());
                    Assert.False(socket.Opened.IsCompleted);
                    Assert.Equal(SocketState.Connecting, socket.State);

                    answer.SetResult([IPAddress.Loopback]);
                    var info = await socket.Opened.WithTimeout();
                    Assert.Equal($"slow.test:{peer.Port}", info.RemoteAddress);
                    await peer.NextAcceptedAsync(Scope.Timeout);
                    await socket.CloseAsync().WithTimeout();
                },
                policy);
        }
        finally
        {
            answer.TrySetResult([IPAddress.Loopback]);
        }
    }
}
