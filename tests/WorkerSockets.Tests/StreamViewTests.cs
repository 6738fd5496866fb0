using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>The duplex <see cref="Stream"/> view for stream-based libraries.</summary>
public sealed class StreamViewTests
{
    [Fact]
    public Task Stream_view_reads_and_writes_the_same_connection() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        await using var socket = Sockets.Connect(echo.Address);
        var stream = socket.Stream;
        Assert.Same(stream, socket.Stream);
        await stream.WriteAsync("round trip"u8.ToArray()).AsTask().WithTimeout();
        var buffer = new byte[10];
        await stream.ReadExactlyAsync(buffer).AsTask().WithTimeout();
        Assert.Equal("round trip"u8.ToArray(), buffer);
    });

    [Fact]
    public Task Disposing_the_stream_view_closes_the_socket() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SilentPeer();
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        await socket.Stream.DisposeAsync();
        await socket.Closed.WithTimeout();
        await peer.NextClientGoneAsync(Scope.Timeout);
    });
}
