using System.Net.Sockets;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary><c>CloseAsync</c>, <c>DisposeAsync</c>, and the peer ending its side with and without half-open.</summary>
public sealed class CloseTests
{
    [Fact]
    public Task Close_twice_returns_the_same_task() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SilentPeer();
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        var first = socket.CloseAsync();
        Assert.Same(first, socket.CloseAsync());
        await first.WithTimeout();
        Assert.True(socket.Closed.IsCompletedSuccessfully);
        Assert.Same(first, socket.CloseAsync());
        await socket.DisposeAsync();
    });

    [Fact]
    public Task Close_flushes_queued_writes_before_tearing_down() => Scope.RunAsync(async _ =>
    {
        await using var sink = new SinkServer();
        var socket = Sockets.Connect(sink.Address);
        await socket.Opened.WithTimeout();
        var payload = new byte[200_000];
        Random.Shared.NextBytes(payload);
        payload.CopyTo(socket.Writable.GetMemory(payload.Length));
        socket.Writable.Advance(payload.Length);
        await socket.CloseAsync().WithTimeout();
        Assert.Equal(payload, await sink.NextReceivedAsync(Scope.Timeout));
    });

    [Fact]
    public Task Dispose_closes_like_CloseAsync() => Scope.RunAsync(async _ =>
    {
        await using var sink = new SinkServer();
        var socket = Sockets.Connect(sink.Address);
        await socket.Opened.WithTimeout();
        await socket.Writable.WriteAsync("last words"u8.ToArray()).AsTask().WithTimeout();
        await socket.DisposeAsync().AsTask().WithTimeout();
        Assert.True(socket.Closed.IsCompletedSuccessfully);
        Assert.Equal("last words"u8.ToArray(), await sink.NextReceivedAsync(Scope.Timeout));
    });

    [Fact]
    public Task Reads_and_writes_after_close_fail_with_workerds_messages() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        var socket = Sockets.Connect(echo.Address);
        await socket.Opened.WithTimeout();
        var closing = socket.CloseAsync();
        var read = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.Readable.ReadAsync().AsTask());
        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.Writable.WriteAsync(new byte[1]).AsTask());
        Assert.Equal("This ReadableStream belongs to an object that is closing.", read.Message);
        Assert.Equal("This WritableStream has been closed.", write.Message);
        await closing.WithTimeout();
        Assert.Equal("This WritableStream has been closed.", Assert.Throws<InvalidOperationException>(() => socket.Writable.GetMemory()).Message);
    });


    [Fact]
    public Task Peer_end_without_half_open_closes_the_writable_side_and_completes_Closed() => Scope.RunAsync(async _ =>
    {
        await using var peer = new HalfClosePeer();
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        Assert.Equal(HalfClosePeer.Greeting, await socket.Readable.ReadToEndAsync());
        await socket.Closed.WithTimeout();
        Assert.Empty(await peer.NextReceivedAsync(Scope.Timeout));
        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.Writable.WriteAsync(new byte[1]).AsTask());
        Assert.Equal("This WritableStream has been closed.", write.Message);
    });

    [Fact]
    public Task Peer_end_with_half_open_keeps_the_writable_side_open_until_the_handler_closes() => Scope.RunAsync(async _ =>
    {
        await using var peer = new HalfClosePeer();
        var socket = Sockets.Connect(peer.Address, new SocketOptions { AllowHalfOpen = true });
        await socket.Opened.WithTimeout();
        Assert.Equal(HalfClosePeer.Greeting, await socket.Readable.ReadToEndAsync());
        Assert.False(socket.Closed.IsCompleted);
        await socket.WriteAsync("still here"u8.ToArray());
        await socket.CloseAsync().WithTimeout();
        Assert.Equal("still here"u8.ToArray(), await peer.NextReceivedAsync(Scope.Timeout));
    });

    [Fact]
    public Task Completing_the_writable_side_sends_end_of_stream_to_the_peer() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        var socket = Sockets.Connect(echo.Address, new SocketOptions { AllowHalfOpen = true });
        await socket.Opened.WithTimeout();
        await socket.WriteAsync("ping"u8.ToArray());
        await socket.Writable.CompleteAsync().AsTask().WithTimeout();
        Assert.Equal("ping"u8.ToArray(), await socket.Readable.ReadToEndAsync());

        // As workerd: a half-open socket stays open when both sides have ended, until the handler closes it.
        Assert.False(socket.Closed.IsCompleted);
        await socket.CloseAsync().WithTimeout();
        Assert.True(socket.Closed.IsCompletedSuccessfully);
    });

    [Fact]
    public Task Without_half_open_the_socket_closes_once_both_sides_have_ended() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        var socket = Sockets.Connect(echo.Address);
        await socket.WriteAsync("ping"u8.ToArray());
        await socket.Writable.CompleteAsync().AsTask().WithTimeout();
        Assert.Equal("ping"u8.ToArray(), await socket.Readable.ReadToEndAsync());
        await socket.Closed.WithTimeout();
    });

    [Fact]
    public Task Reads_after_the_peer_ended_keep_reporting_the_end() => Scope.RunAsync(async _ =>
    {
        await using var peer = new HalfClosePeer();
        var socket = Sockets.Connect(peer.Address);
        Assert.Equal(HalfClosePeer.Greeting, await socket.Readable.ReadToEndAsync());
        await socket.Closed.WithTimeout();
        var again = await socket.Readable.ReadAsync().AsTask().WithTimeout();
        Assert.True(again.IsCompleted);
        Assert.True(again.Buffer.IsEmpty);
        socket.Readable.AdvanceTo(again.Buffer.End);
    });

    [Fact]
    public Task Reading_after_completing_the_readable_side_throws() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        await using var socket = Sockets.Connect(echo.Address);
        await socket.Opened.WithTimeout();
        await socket.Readable.CompleteAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.Readable.ReadAsync().AsTask());
        Assert.Equal("This ReadableStream belongs to an object that is closing.", error.Message);
    });

    [Fact]
    public Task Completing_the_writable_side_with_an_error_resets_the_connection() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SilentPeer();
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        var failure = new InvalidDataException("encoder failed");
        await socket.Writable.CompleteAsync(failure);
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidDataException>(() => socket.Closed.WithTimeout()));
        await peer.NextClientGoneAsync(Scope.Timeout);
    });

    [Fact]
    public Task Close_with_nothing_left_unread_ends_the_connection_with_a_FIN_not_a_reset() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SinkServer();
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        await socket.Writable.WriteAsync("last words"u8.ToArray()).AsTask().WithTimeout();

        await socket.CloseAsync().WithTimeout();

        var (received, error) = await peer.NextEndingAsync(Scope.Timeout);
        Assert.Null(error);
        Assert.Equal("last words"u8.ToArray(), received);
    });

    [Fact]
    public Task Close_with_received_bytes_left_unread_still_closes_cleanly_on_this_side() => Scope.RunAsync(async _ =>
    {
        var peerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = new LoopbackServer(async (accepted, ct) =>
        {
            await using var stream = new NetworkStream(accepted, ownsSocket: false);
            try
            {
                // More than the reader takes in one receive, so bytes are still in the kernel's queue when the client closes.
                await stream.WriteAsync(new byte[1 << 20], ct);
                while (await stream.ReadAsync(new byte[1024], ct) > 0)
                {
                }
            }
            catch (IOException)
            {
                // The client closed with bytes unread: a reset after its FIN is how TCP ends that.
            }

            peerDone.TrySetResult();
        });
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        var first = await socket.Readable.ReadAsync().AsTask().WithTimeout();
        Assert.True(first.Buffer.Length > 0);
        socket.Readable.AdvanceTo(first.Buffer.Start);

        await socket.CloseAsync().WithTimeout();

        Assert.True(socket.Closed.IsCompletedSuccessfully);
        await peerDone.Task.WaitAsync(Scope.Timeout);
    });
}
