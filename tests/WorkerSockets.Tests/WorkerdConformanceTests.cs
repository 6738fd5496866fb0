using System.Net;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>Rows of docs/conformance.md where workerd's behaviour was matched: close after a failed or pending connect, and the closed-stream messages.</summary>
public sealed class WorkerdConformanceTests
{
    public static TheoryData<string> FailingAddresses => new()
    {
        $"127.0.0.1:{UnusedPort()}",
        "127.0.0.1:0",
        "256.1.1.1:5432",
        "under_score.invalid:5432",
        "nowhere.invalid:5432",
    };

    [Theory]
    [MemberData(nameof(FailingAddresses))]
    public Task Close_and_dispose_after_a_failed_connect_complete_while_Closed_keeps_the_error(string address) => Scope.RunAsync(
        async _ =>
        {
            IOException? opened = null;
            await using (var socket = Sockets.Connect(address))
            {
                opened = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
                await socket.CloseAsync().WithTimeout();
                await socket.CloseAsync().WithTimeout();
                var closed = await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
                Assert.Equal(opened.Message, closed.Message);
            }

            Assert.StartsWith("proxy request failed, cannot connect to the specified address: ", opened.Message, StringComparison.Ordinal);
        },
        Scope.WithTestNames(SocketPolicy.Development).WithResolver((name, _) => Task.FromResult(Array.Empty<IPAddress>())));

    [Fact]
    public async Task Close_while_connecting_lets_Opened_complete_then_closes()
    {
        await using var sink = new SinkServer();
        var dnsAnswered = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowDns = SocketPolicy.Development.WithResolver((_, ct) => dnsAnswered.Task.WaitAsync(ct));
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"db.test:{sink.Port}");
                var closing = socket.CloseAsync();
                Assert.False(closing.IsCompleted);
                dnsAnswered.SetResult([IPAddress.Loopback]);
                Assert.Equal($"db.test:{sink.Port}", (await socket.Opened.WithTimeout()).RemoteAddress);
                await closing.WithTimeout();
                await socket.Closed.WithTimeout();
                var (received, reset) = await sink.NextEndingAsync(Scope.Timeout);
                Assert.Empty(received);
                Assert.Null(reset);
            },
            slowDns);
    }

    [Fact]
    public async Task Close_while_connecting_to_a_refused_port_completes_and_Opened_reports_the_refusal()
    {
        var dnsAnswered = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowDns = SocketPolicy.Development.WithResolver((_, ct) => dnsAnswered.Task.WaitAsync(ct));
        int port = UnusedPort();
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"db.test:{port}");
                var closing = socket.CloseAsync();
                dnsAnswered.SetResult([IPAddress.Loopback]);
                await closing.WithTimeout();
                var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
                Assert.Contains("the connection was refused", error.Message, StringComparison.Ordinal);
            },
            slowDns);
    }

    [Fact]
    public Task Writing_after_completing_the_writable_side_says_the_stream_has_been_closed() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        await using var socket = Sockets.Connect(echo.Address, new SocketOptions { AllowHalfOpen = true });
        await socket.Opened.WithTimeout();
        await socket.Writable.CompleteAsync();
        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.Writable.WriteAsync(new byte[1]).AsTask());
        Assert.Equal("This WritableStream has been closed.", write.Message);
    });

    [Fact]
    public Task A_read_pending_when_the_socket_is_closed_fails_with_the_socket_has_been_closed() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SilentPeer();
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        var read = socket.Readable.ReadAsync().AsTask();
        Assert.False(read.IsCompleted);
        await socket.CloseAsync().WithTimeout();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => read.WithTimeout());
        Assert.Equal("This socket has been closed.", error.Message);
    });

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
