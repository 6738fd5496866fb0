using System.Buffers;
using WorkerSockets.Reliability.Tests.Infrastructure;
using WorkerSockets.Tests.Peers;

namespace WorkerSockets.Reliability.Tests.Faults;

public sealed class HalfCloseTests
{
    [Fact]
    public async Task Peer_half_close_without_AllowHalfOpen_closes_the_socket_and_the_peer_sees_the_close()
    {
        await using var peer = new HalfClosePeer();
        await RuntimeScope.RunAsync(async _ =>
        {
            var socket = Sockets.Connect(peer.Address);
            await socket.Opened.Within();

            var result = await socket.Readable.ReadAtLeastAsync(HalfClosePeer.Greeting.Length + 1).Within();
            Assert.True(result.IsCompleted);
            Assert.Equal(HalfClosePeer.Greeting, result.Buffer.ToArray());
            socket.Readable.AdvanceTo(result.Buffer.End);

            await socket.Closed.Within(Timeouts.Prompt);
            Assert.Empty(await peer.NextReceivedAsync(Timeouts.Prompt));
            var write = await RuntimeScope.FailureOf(async () => await socket.Writable.WriteAsync("late"u8.ToArray()));
            Assert.Equal("This WritableStream has been closed.", Assert.IsType<InvalidOperationException>(write).Message);
        });
    }

    [Fact]
    public async Task Peer_half_close_with_AllowHalfOpen_keeps_the_writable_side_until_the_handler_closes_it()
    {
        await using var peer = new HalfClosePeer();
        await RuntimeScope.RunAsync(async _ =>
        {
            var socket = Sockets.Connect(peer.Address, new SocketOptions { AllowHalfOpen = true });
            await socket.Opened.Within();

            var result = await socket.Readable.ReadAtLeastAsync(HalfClosePeer.Greeting.Length + 1).Within();
            Assert.True(result.IsCompleted);
            socket.Readable.AdvanceTo(result.Buffer.End);

            await socket.Writable.WriteAsync("after your FIN"u8.ToArray()).Within();
            Assert.False(socket.Closed.IsCompleted);
            await socket.CloseAsync().Within(Timeouts.Prompt);
            Assert.Equal("after your FIN"u8.ToArray(), await peer.NextReceivedAsync(Timeouts.Prompt));
        });
    }
}
