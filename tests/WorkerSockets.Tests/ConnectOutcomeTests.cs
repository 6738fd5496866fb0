using System.Net;
using System.Net.Sockets;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>What <c>Opened</c> and <c>Closed</c> report once the background connection succeeds or fails.</summary>
public sealed class ConnectOutcomeTests
{
    private const string ProxyFailed = "proxy request failed, cannot connect to the specified address";

    [Fact]
    public Task Refused_destination_faults_Opened_and_Closed_with_proxy_request_failed() => Scope.RunAsync(async _ =>
    {
        using var refusing = RefusingPort();
        int port = ((IPEndPoint)refusing.LocalEndPoint!).Port;
        var socket = Sockets.Connect($"127.0.0.1:{port}");
        var opened = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
        var closed = await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
        string expected = $"{ProxyFailed}: connecting to 127.0.0.1:{port} failed — the connection was refused (is a server listening on port {port}?)";
        Assert.Equal(expected, opened.Message);
        Assert.Equal(expected, closed.Message);
        Assert.IsType<SocketException>(opened.InnerException);
    });

    [Fact]
    public Task Destination_denied_by_policy_after_DNS_faults_Opened_with_proxy_request_failed() => Scope.RunAsync(
        async _ =>
        {
            var socket = Sockets.Connect("db.test:5432");
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.Equal(
                $"{ProxyFailed}: connecting to db.test:5432 was denied by the socket policy — db.test resolves to a loopback address "
                + "(SocketPolicy.Production allows only public destinations; to reach local services while developing, use SocketPolicy.Development)",
                error.Message);
            Assert.DoesNotContain("127.0.0.1", error.Message, StringComparison.Ordinal);
            Assert.IsType<SocketPolicyException>(error.InnerException);
            await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
        },
        Scope.WithTestNames(SocketPolicy.Production));

    [Theory]
    [InlineData("169.254.169.254", "the cloud metadata address")]
    [InlineData("10.20.30.40", "a private address (RFC 1918)")]
    public Task A_denied_name_says_which_kind_of_address_it_resolved_to_but_not_the_address(string resolvedTo, string kind) => Scope.RunAsync(
        async _ =>
        {
            var socket = Sockets.Connect("internal.example.com:8080");
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.StartsWith(
                $"{ProxyFailed}: connecting to internal.example.com:8080 was denied by the socket policy — internal.example.com resolves to {kind} (",
                error.Message,
                StringComparison.Ordinal);
            Assert.DoesNotContain(resolvedTo, error.ToString(), StringComparison.Ordinal);
        },
        SocketPolicy.Production.WithResolver((_, _) => Task.FromResult(new[] { IPAddress.Parse(resolvedTo) })));

    [Fact]
    public Task Port_0_is_named_as_the_reason() => Scope.RunAsync(async _ =>
    {
        var socket = Sockets.Connect("127.0.0.1:0");
        var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
        Assert.Equal($"{ProxyFailed}: connecting to 127.0.0.1:0 failed — port 0 cannot be connected to (it only means \"any port\" when listening)", error.Message);
    });

    [Fact]
    public Task An_unresolvable_host_is_named_in_the_error() => Scope.RunAsync(
        async _ =>
        {
            var socket = Sockets.Connect("nowhere.example.com:5432");
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.Equal(
                $"{ProxyFailed}: connecting to nowhere.example.com:5432 failed — the host name nowhere.example.com could not be resolved (check the name and this machine's DNS)",
                error.Message);
        },
        SocketPolicy.Development.WithResolver((_, _) => Task.FromResult(Array.Empty<IPAddress>())));

    [Theory]
    [InlineData(80)]
    [InlineData(443)]
    public Task Failure_on_an_HTTP_port_adds_the_fetch_hint(int port) => Scope.RunAsync(
        async _ =>
        {
            var socket = Sockets.Connect($"127.0.0.1:{port}");
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.StartsWith(
                ProxyFailed + ". It looks like you might be trying to connect to a HTTP-based service — consider using fetch instead (in .NET: HttpClient): "
                + $"connecting to 127.0.0.1:{port} was denied by the socket policy — 127.0.0.1 is a loopback address (",
                error.Message,
                StringComparison.Ordinal);
        },
        SocketPolicy.Production);

    [Fact]
    public Task Opened_reports_the_address_as_given() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SilentPeer();
        await using var socket = Sockets.Connect($"db.test:{peer.Port}");
        var info = await socket.Opened.WithTimeout();
        Assert.Equal($"db.test:{peer.Port}", info.RemoteAddress);
        Assert.StartsWith("127.0.0.1:", info.LocalAddress, StringComparison.Ordinal);
    });

    [Fact]
    public Task Endpoint_overloads_report_host_and_port() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SilentPeer();
        await using var byName = Sockets.Connect(new DnsEndPoint("db.test", peer.Port));
        await using var byAddress = Sockets.Connect(new IPEndPoint(IPAddress.Loopback, peer.Port));
        await using var byHostAndPort = Sockets.Connect("127.0.0.1", peer.Port);
        Assert.Equal($"db.test:{peer.Port}", (await byName.Opened.WithTimeout()).RemoteAddress);
        Assert.Equal($"127.0.0.1:{peer.Port}", (await byAddress.Opened.WithTimeout()).RemoteAddress);
        Assert.Equal($"127.0.0.1:{peer.Port}", (await byHostAndPort.Opened.WithTimeout()).RemoteAddress);
    });

    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public Task An_IPv6_host_with_or_without_brackets_is_reported_once_bracketed(string host) => Scope.RunAsync(async _ =>
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var socket = Sockets.Connect(host, port);
        using var accepted = await listener.AcceptSocketAsync().WithTimeout();
        Assert.Equal($"[::1]:{port}", (await socket.Opened.WithTimeout()).RemoteAddress);
    });

    [Fact]
    public Task Bytes_written_are_echoed_back() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        await using var socket = Sockets.Connect(echo.Address);
        await socket.Opened.WithTimeout();
        await socket.WriteAsync("hello"u8.ToArray());
        Assert.Equal("hello"u8.ToArray(), await socket.ReadExactlyAsync(5));
    });

    [Fact]
    public Task Bytes_written_before_Opened_are_sent_once_it_opens() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        await using var socket = Sockets.Connect(echo.Address);
        await socket.WriteAsync("early"u8.ToArray());
        Assert.Equal("early"u8.ToArray(), await socket.ReadExactlyAsync(5));
    });

    [Fact]
    public Task Peer_reset_mid_stream_fails_the_read_and_Closed() => Scope.RunAsync(async _ =>
    {
        await using var peer = new ResetPeer();
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        await socket.WriteAsync("go"u8.ToArray());
        var failure = await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            while (true)
            {
                var result = await socket.Readable.ReadAsync().AsTask().WithTimeout();
                Assert.False(result.IsCompleted, "a reset must not look like a clean end of stream");
                socket.Readable.AdvanceTo(result.Buffer.End);
            }
        });
        Assert.Equal("Network connection lost.", failure.Message);
        await socket.Closed.WithTimeout();
        var again = await Assert.ThrowsAsync<IOException>(() => socket.Readable.ReadAsync().AsTask());
        Assert.Equal("Network connection lost.", again.Message);

        // A read found the loss, so a write reports it too (as workerd); only a write that found it leaves "has been closed".
        var write = await Assert.ThrowsAsync<IOException>(() => socket.Writable.WriteAsync(new byte[1]).AsTask());
        Assert.Equal("Network connection lost.", write.Message);
        await socket.CloseAsync().WithTimeout();
    });

    [Fact]
    public Task Peer_that_resets_as_it_accepts_opens_the_socket_which_then_reports_the_lost_connection() => Scope.RunAsync(async _ =>
    {
        await using var peer = new LoopbackServer((accepted, _) =>
        {
            accepted.LingerState = new LingerOption(true, 0);
            accepted.Close();
            return Task.CompletedTask;
        });

        // The reset lands before or after the client's connect call returns, as the machine schedules it; both read the same.
        for (var i = 0; i < 20; i++)
        {
            var socket = Sockets.Connect(peer.Address);
            var info = await socket.Opened.WithTimeout();
            Assert.Equal(peer.Address, info.RemoteAddress);
            var read = await Assert.ThrowsAsync<IOException>(async () =>
            {
                while (true)
                {
                    var result = await socket.Readable.ReadAsync().AsTask().WithTimeout();
                    Assert.False(result.IsCompleted, "a reset must not look like a clean end of stream");
                    socket.Readable.AdvanceTo(result.Buffer.End);
                }
            });
            Assert.Equal("Network connection lost.", read.Message);
            var write = await Assert.ThrowsAsync<IOException>(() => socket.Writable.WriteAsync(new byte[1]).AsTask());
            Assert.Equal("Network connection lost.", write.Message);
            await socket.Closed.WithTimeout();
            await socket.CloseAsync().WithTimeout();
        }
    });

    [Fact]
    public Task Peer_reset_fails_writes_with_network_connection_lost_and_Closed_completes() => Scope.RunAsync(async _ =>
    {
        await using var peer = new ResetPeer();
        var socket = Sockets.Connect(peer.Address);
        await socket.WriteAsync("go"u8.ToArray());
        Assert.Equal(ResetPeer.Greeting, await socket.ReadExactlyAsync(ResetPeer.Greeting.Length));

        // The first writes after a reset may still be accepted by the kernel; one of the next ones fails.
        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await socket.WriteAsync(new byte[65536]);
            }
        });
        Assert.Equal("Network connection lost.", failure.Message);
        await socket.Closed.WithTimeout();
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.Writable.WriteAsync(new byte[1]).AsTask());
        Assert.Equal("This WritableStream has been closed.", again.Message);
    });

    [Fact]
    public Task Read_from_a_silent_peer_honours_cancellation_and_the_socket_still_closes() => Scope.RunAsync(async _ =>
    {
        await using var peer = new SilentPeer();
        var socket = Sockets.Connect(peer.Address);
        await socket.Opened.WithTimeout();
        using var cancel = new CancellationTokenSource();
        var read = socket.Readable.ReadAsync(cancel.Token).AsTask();
        Assert.False(read.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WithTimeout());
        await socket.CloseAsync().WithTimeout();
        await peer.NextClientGoneAsync(Scope.Timeout);
    });

    /// <summary>A port bound but never listened on: connections to it are refused, and nothing else can take it meanwhile.</summary>
    private static System.Net.Sockets.Socket RefusingPort()
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
