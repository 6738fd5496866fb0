using System.Net.Sockets;
using WorkerSockets.Reliability.Tests.Infrastructure;
using WorkerSockets.Tests.Peers;

namespace WorkerSockets.Reliability.Tests.Faults;

public sealed class ResetTests
{
    [Fact]
    public async Task Reset_mid_read_fails_the_read_with_network_connection_lost_and_Closed_completes()
    {
        await using var peer = new ResetPeer();
        await RuntimeScope.RunAsync(async _ =>
        {
            var socket = Sockets.Connect(peer.Address);
            await socket.Opened.Within();
            await socket.Writable.WriteAsync("x"u8.ToArray()).Within();

            var failure = await RuntimeScope.FailureOf(async () =>
            {
                while (true)
                {
                    var result = await socket.Readable.ReadAsync();
                    socket.Readable.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                        return;
                }
            });

            Assert.Equal("Network connection lost.", failure.Message);
            var reset = Assert.IsType<SocketException>(failure.GetBaseException());
            Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
            await socket.Closed.Within(); // as workerd: a reset fails the read, not Closed
        });
    }

    [Fact]
    public async Task Reset_mid_write_fails_the_write_and_later_writes_keep_failing()
    {
        var reset = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = new LoopbackServer(async (socket, ct) =>
        {
            await socket.ReceiveAsync(new byte[1], SocketFlags.None, ct);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            reset.TrySetResult();
        });

        await RuntimeScope.RunAsync(async _ =>
        {
            var socket = Sockets.Connect(peer.Address);
            await socket.Opened.Within();
            await socket.Writable.WriteAsync("x"u8.ToArray()).Within();
            await reset.Task.Within();

            var chunk = new byte[64 * 1024];
            var failure = await RuntimeScope.FailureOf(async () =>
            {
                while (true)
                    await socket.Writable.WriteAsync(chunk);
            });

            var error = Assert.IsType<SocketException>(failure.GetBaseException());
            Assert.Contains(error.SocketErrorCode, new[] { SocketError.ConnectionReset, SocketError.Shutdown, SocketError.ConnectionAborted });
            Assert.Equal("Network connection lost.", failure.Message);
            await socket.Closed.Within();
            var again = await RuntimeScope.FailureOf(async () => await socket.Writable.WriteAsync(chunk));
            Assert.IsType<InvalidOperationException>(again);
            Assert.Equal("This WritableStream has been closed.", again.Message); // as workerd
        });
    }
}
