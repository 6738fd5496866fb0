using System.Net.Sockets;
using WorkerSockets.Reliability.Tests.Infrastructure;
using WorkerSockets.Tests.Peers;

namespace WorkerSockets.Reliability.Tests.Faults;

public sealed class ResetTests
{
    [Fact]
    public async Task Reset_mid_read_fails_the_read_and_Closed_with_the_connection_reset_error()
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

            var reset = Assert.IsType<SocketException>(failure.GetBaseException());
            Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
            var closed = await RuntimeScope.FailureOf(() => socket.Closed);
            Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(closed.GetBaseException()).SocketErrorCode);
        });
    }

    [Fact]
    public async Task Reset_mid_write_fails_the_write_and_Closed_and_later_writes_keep_failing()
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
            await RuntimeScope.FailureOf(() => socket.Closed);
            var again = await RuntimeScope.FailureOf(async () => await socket.Writable.WriteAsync(chunk));
            Assert.IsType<IOException>(again);
            Assert.Contains(error.Message, again.Message, StringComparison.Ordinal);
        });
    }
}
