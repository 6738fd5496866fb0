using Microsoft.Extensions.Logging;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>The request scope: global-scope and cross-request errors, end-of-request cleanup, and six sockets at once.</summary>
public sealed class RequestScopeTests
{
    private const string CrossRequest =
        "Cannot perform I/O on behalf of a different request. I/O objects (such as streams, request/response bodies, and others) "
        + "created in the context of one request handler cannot be accessed from a different request's handler. "
        + "This is a limitation of WorkerSockets, which binds every socket to the request that opened it.";

    [Fact]
    public void Connect_outside_any_handler_throws_the_global_scope_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Sockets.Connect("db.example.com:5432"));
        Assert.Equal(
            "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or connect()), setting a timeout, "
            + "and generating random values are not allowed within global scope. To fix this error, perform this operation within a handler. "
            + "https://developers.cloudflare.com/workers/runtime-apis/handlers/",
            error.Message);
    }

    [Fact]
    public async Task Socket_used_from_a_second_request_throws_the_cross_request_error()
    {
        await using var echo = new EchoServer();
        var firstHasSocket = new TaskCompletionSource<WorkerSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Scope.RunAsync(async _ =>
        {
            await using var socket = Sockets.Connect(echo.Address);
            await socket.Opened.WithTimeout();
            firstHasSocket.SetResult(socket);
            await secondDone.Task.WithTimeout();

            // The socket still works for the request that owns it.
            await socket.WriteAsync("mine"u8.ToArray());
            Assert.Equal("mine"u8.ToArray(), await socket.ReadExactlyAsync(4));
        });

        var second = Scope.RunAsync(async _ =>
        {
            var stolen = await firstHasSocket.Task.WithTimeout();
            var write = await Assert.ThrowsAsync<InvalidOperationException>(() => stolen.Writable.WriteAsync(new byte[1]).AsTask());
            var read = await Assert.ThrowsAsync<InvalidOperationException>(() => stolen.Readable.ReadAsync().AsTask());
            var close = Record.Exception(() => stolen.CloseAsync().IsCompleted);
            Assert.Equal(CrossRequest, write.Message);
            Assert.Equal(CrossRequest, read.Message);
            Assert.Equal(CrossRequest, Assert.IsType<InvalidOperationException>(close).Message);
            secondDone.SetResult();
        });

        await Task.WhenAll(first, second).WithTimeout();
    }

    [Fact]
    public async Task Sockets_left_open_are_aborted_when_the_request_ends_and_the_leak_is_logged_once()
    {
        await using var peer = new SilentPeer();
        var logger = new CollectingLogger();
        WorkerSocket? leaked = null;
        await Scope.RunAsync(
            async _ =>
            {
                leaked = Sockets.Connect(peer.Address);
                await leaked.Opened.WithTimeout();
            },
            logger: logger);

        var error = await Assert.ThrowsAsync<IOException>(() => leaked!.Closed.WithTimeout());
        Assert.Equal("The socket was aborted because the request that opened it ended.", error.Message);
        await peer.NextClientGoneAsync(Scope.Timeout);
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(peer.Address, warning.Message, StringComparison.Ordinal);

        var afterwards = await Assert.ThrowsAsync<InvalidOperationException>(() => leaked!.Readable.ReadAsync().AsTask());
        Assert.Equal(
            CrossRequest + " The request that opened this socket has ended, and its sockets ended with it; open a new socket in this request.",
            afterwards.Message);

        // As workerd's close() from a later request: it completes; Closed keeps the abort.
        await Scope.RunAsync(_ => leaked!.CloseAsync().WithTimeout());
        await leaked!.DisposeAsync().AsTask().WithTimeout();
        Assert.Single(logger.Entries);
    }

    [Fact]
    public async Task Closed_sockets_are_not_reported_as_leaks()
    {
        await using var peer = new SilentPeer();
        var logger = new CollectingLogger();
        await Scope.RunAsync(
            async _ =>
            {
                await using var socket = Sockets.Connect(peer.Address);
                await socket.Opened.WithTimeout();
            },
            logger: logger);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task WaitUntil_keeps_the_request_and_its_sockets_alive_after_the_handler_returns()
    {
        await using var echo = new EchoServer();
        var handlerReturned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        byte[]? reply = null;
        await Scope.RunAsync(async ctx =>
        {
            var socket = Sockets.Connect(echo.Address);
            ctx.WaitUntil(UseAfterResponseAsync());
            handlerReturned.SetResult();
            await socket.Opened.WithTimeout();

            async Task UseAfterResponseAsync()
            {
                await handlerReturned.Task;
                await socket.WriteAsync("later"u8.ToArray());
                reply = await socket.ReadExactlyAsync(5);
                await socket.CloseAsync();
            }
        });
        Assert.Equal("later"u8.ToArray(), reply);
    }

    [Fact]
    public async Task WaitUntil_work_is_cut_off_at_the_limit_and_open_sockets_are_aborted()
    {
        await using var peer = new SilentPeer();
        var never = new TaskCompletionSource();
        var logger = new CollectingLogger();
        WorkerSocket? socket = null;
        await Scope.RunAsync(
            async ctx =>
            {
                socket = Sockets.Connect(peer.Address);
                await socket.Opened.WithTimeout();
                ctx.WaitUntil(never.Task);
            },
            logger: logger,
            waitUntilLimit: TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<IOException>(() => socket!.Closed.WithTimeout());
        Assert.Equal(
            (LogLevel.Warning, "WaitUntil work was still running 0.05 s after the handler returned; the request ends now and its open sockets are aborted."),
            logger.Entries[0]);
    }

    [Fact]
    public async Task Aborted_request_aborts_its_open_sockets_at_once()
    {
        await using var peer = new SilentPeer();
        using var aborted = new CancellationTokenSource();
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect(peer.Address);
                await socket.Opened.WithTimeout();
                var read = socket.Readable.ReadAsync().AsTask();
                aborted.Cancel();
                var error = await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
                Assert.Equal("The socket was aborted because the request was aborted.", error.Message);
                await Assert.ThrowsAnyAsync<Exception>(() => read.WithTimeout());
                await peer.NextClientGoneAsync(Scope.Timeout);
            },
            requestAborted: aborted.Token);
    }

    [Fact]
    public Task Seventh_socket_opens_only_after_another_closes() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SilentPeer();
        var six = Enumerable.Range(0, 6).Select(_ => Sockets.Connect(peer.Address)).ToArray();
        await Task.WhenAll(six.Select(s => s.Opened)).WithTimeout();
        var seventh = Sockets.Connect(peer.Address);

        // Six sockets were opened and accepted; the seventh is waiting for a slot, not connecting.
        for (int i = 0; i < 6; i++)
        {
            await peer.NextAcceptedAsync(Scope.Timeout);
        }

        Assert.Equal(Internal.SocketState.Queued, seventh.State);
        Assert.False(seventh.Opened.IsCompleted);

        await six[2].CloseAsync().WithTimeout();
        await seventh.Opened.WithTimeout();
        await peer.NextAcceptedAsync(Scope.Timeout);

        foreach (var socket in six.Append(seventh))
        {
            await socket.CloseAsync().WithTimeout();
        }
    });

    [Fact]
    public async Task Queued_socket_faults_when_the_request_ends_instead_of_waiting()
    {
        await using var peer = new SilentPeer();
        WorkerSocket? queued = null;
        await Scope.RunAsync(async _ =>
        {
            var six = Enumerable.Range(0, 6).Select(_ => Sockets.Connect(peer.Address)).ToArray();
            await Task.WhenAll(six.Select(s => s.Opened)).WithTimeout();
            queued = Sockets.Connect(peer.Address);
        });

        var error = await Assert.ThrowsAsync<IOException>(() => queued!.Opened.WithTimeout());
        Assert.Equal("The request that opened this socket ended before the socket could connect.", error.Message);
    }

    [Fact]
    public async Task Connect_from_work_that_outlives_the_request_throws()
    {
        var requestEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<Exception?>? background = null;
        await Scope.RunAsync(_ =>
        {
            // Task.Run carries the request's scope along; the work runs once the request is over.
            background = Task.Run<Exception?>(async () =>
            {
                await requestEnded.Task;
                return Record.Exception(() => Sockets.Connect("db.test:5432"));
            });
            return Task.CompletedTask;
        });

        requestEnded.SetResult();
        var error = Assert.IsType<InvalidOperationException>(await background!.WithTimeout());
        Assert.Equal("The request scope has ended; sockets cannot be opened after the request ended.", error.Message);
    }

    [Fact]
    public async Task WaitUntil_after_the_request_ended_throws()
    {
        WorkerContext? context = null;
        await Scope.RunAsync(ctx =>
        {
            context = ctx;
            return Task.CompletedTask;
        });
        Assert.Throws<InvalidOperationException>(() => context!.WaitUntil(Task.CompletedTask));
    }

    [Fact]
    public async Task Handler_failure_propagates_after_the_scope_is_cleaned_up()
    {
        await using var peer = new SilentPeer();
        WorkerSocket? socket = null;
        var error = await Assert.ThrowsAsync<ArithmeticException>(() => Scope.RunAsync(async _ =>
        {
            socket = Sockets.Connect(peer.Address);
            await socket.Opened.WithTimeout();
            throw new ArithmeticException("handler failed");
        }));
        Assert.Equal("handler failed", error.Message);
        await Assert.ThrowsAsync<IOException>(() => socket!.Closed.WithTimeout());
    }
}
