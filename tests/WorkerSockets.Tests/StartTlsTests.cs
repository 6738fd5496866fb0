using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary><c>StartTls</c>: its four refusals and the upgrade of a plaintext connection.</summary>
public sealed class StartTlsTests : IDisposable
{
    private static readonly SocketOptions StartTlsOption = new() { SecureTransport = SecureTransport.StartTls };
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task StartTls_on_a_TLS_socket_throws()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: false);
        await Scope.RunAsync(
            async _ =>
            {
                await using var socket = Sockets.Connect($"db.test:{server.Port}", new SocketOptions { SecureTransport = SecureTransport.On });
                await socket.Opened.WithTimeout();
                var error = Assert.Throws<InvalidOperationException>(() => socket.StartTls());
                Assert.Equal("Cannot startTls on a TLS socket.", error.Message);
            },
            TlsTests.Trusting(_certificates));
    }

    [Fact]
    public Task StartTls_after_close_throws() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        var socket = Sockets.Connect(echo.Address, StartTlsOption);
        await socket.Opened.WithTimeout();
        await socket.CloseAsync().WithTimeout();
        var error = Assert.Throws<InvalidOperationException>(() => socket.StartTls());
        Assert.Equal("The connection was closed before startTls could be started.", error.Message);
    });

    [Fact]
    public Task StartTls_after_the_writable_was_completed_throws_and_the_socket_still_reads() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        await using var socket = Sockets.Connect(echo.Address, StartTlsOption);
        await socket.WriteAsync("last"u8.ToArray());
        await socket.Writable.CompleteAsync();
        var error = Assert.Throws<InvalidOperationException>(() => socket.StartTls());
        Assert.Equal(
            "startTls cannot start after the writable side was completed: Writable.Complete sent FIN, and a TLS handshake has to write. "
            + "Upgrade before ending the writable.",
            error.Message);
        Assert.False(socket.Upgraded);
        Assert.Equal("last"u8.ToArray(), await socket.ReadExactlyAsync(4)); // the plaintext socket is untouched
    });

    [Fact]
    public async Task An_empty_expected_server_hostname_is_refused_and_the_socket_then_upgrades_with_the_checked_name()
    {
        // workerd hands "" to OpenSSL, which then checks no name; here it never turns the name check off.
        const string EmptyName = "TlsOptions.ExpectedServerHostname is empty. Give the name the server's certificate lists, or leave it null "
            + "to check the host connected to; an empty name does not turn the certificate's name check off.";
        var empty = new TlsOptions { ExpectedServerHostname = "" };
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: true);
        await Scope.RunAsync(
            async _ =>
            {
                var atConnect = Assert.Throws<ArgumentException>(() => Sockets.Connect($"db.test:{server.Port}", new SocketOptions { SecureTransport = SecureTransport.On, Tls = empty }));
                Assert.Equal(EmptyName, atConnect.Message);

                var plain = Sockets.Connect($"db.test:{server.Port}", StartTlsOption);
                await plain.WriteAsync(TlsServer.StartTlsCommand);
                Assert.Equal(TlsServer.StartTlsReply, await plain.ReadExactlyAsync(TlsServer.StartTlsReply.Length));
                var atStartTls = Assert.Throws<ArgumentException>(() => plain.StartTls(empty));
                Assert.Equal(EmptyName, atStartTls.Message);
                Assert.False(plain.Upgraded);

                await using var secure = plain.StartTls();
                await secure.Opened.WithTimeout();
                Assert.Equal("tls:db.test", await server.NextOutcomeAsync(Scope.Timeout));
            },
            TlsTests.Trusting(_certificates));
    }

    [Fact]
    public Task StartTls_without_the_starttls_option_throws() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        await using var socket = Sockets.Connect(echo.Address);
        await socket.Opened.WithTimeout();
        var error = Assert.Throws<InvalidOperationException>(() => socket.StartTls());
        Assert.Equal("The `secureTransport` socket option must be set to 'starttls' for startTls to be used.", error.Message);
    });

    [Fact]
    public async Task Second_StartTls_once_the_upgrade_has_opened_says_the_connection_was_closed()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: true);
        await Scope.RunAsync(
            async _ =>
            {
                var plain = Sockets.Connect($"db.test:{server.Port}", StartTlsOption);
                await plain.WriteAsync(TlsServer.StartTlsCommand);
                Assert.Equal(TlsServer.StartTlsReply, await plain.ReadExactlyAsync(TlsServer.StartTlsReply.Length));
                await using var secure = plain.StartTls();
                await secure.Opened.WithTimeout();
                var error = Assert.Throws<InvalidOperationException>(() => plain.StartTls());
                Assert.Equal("The connection was closed before startTls could be started.", error.Message);
            },
            TlsTests.Trusting(_certificates));
    }

    [Fact]
    public async Task Second_StartTls_while_the_upgrade_is_under_way_says_it_was_already_called()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: true);
        var unanswered = new TaskCompletionSource<System.Net.IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowDns = TlsTests.Trusting(_certificates).WithResolver((_, ct) => unanswered.Task.WaitAsync(ct));
        await Scope.RunAsync(
            _ =>
            {
                // The name is never answered: the upgrade waits for the connection, and the request's end aborts both sockets.
                var plain = Sockets.Connect($"db.test:{server.Port}", StartTlsOption);
                var secure = plain.StartTls();
                var error = Assert.Throws<InvalidOperationException>(() => plain.StartTls());
                Assert.Equal("startTls has already been called on this socket, or the socket was transferred over RPC.", error.Message);
                Assert.False(secure.Opened.IsCompleted);
                return Task.CompletedTask;
            },
            slowDns);
    }

    [Fact]
    public async Task StartTls_upgrades_the_connection_and_retires_the_plaintext_socket()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: true);
        await Scope.RunAsync(
            async _ =>
            {
                var plain = Sockets.Connect($"db.test:{server.Port}", StartTlsOption);
                Assert.Equal(SecureTransport.StartTls, plain.SecureTransport);
                await plain.WriteAsync("hello\r\n"u8.ToArray());
                Assert.Equal("hello\r\n"u8.ToArray(), await plain.ReadExactlyAsync(7));
                Assert.Equal("plaintext:hello\r\n", await server.NextOutcomeAsync(Scope.Timeout));

                await plain.WriteAsync(TlsServer.StartTlsCommand);
                Assert.Equal(TlsServer.StartTlsReply, await plain.ReadExactlyAsync(TlsServer.StartTlsReply.Length));
                await using var secure = plain.StartTls();

                Assert.True(plain.Upgraded);
                Assert.Equal(SecureTransport.On, secure.SecureTransport);
                Assert.False(secure.Upgraded);
                await plain.Closed.WithTimeout();
                var info = await secure.Opened.WithTimeout();
                Assert.Equal($"db.test:{server.Port}", info.RemoteAddress);
                Assert.Equal("tls:db.test", await server.NextOutcomeAsync(Scope.Timeout));
                await Assert.ThrowsAsync<InvalidOperationException>(() => plain.Writable.WriteAsync(new byte[1]).AsTask());

                await secure.WriteAsync("over tls"u8.ToArray());
                Assert.Equal("over tls"u8.ToArray(), await secure.ReadExactlyAsync(8));
            },
            TlsTests.Trusting(_certificates));
    }

    [Fact]
    public async Task StartTls_flushes_bytes_queued_on_the_plaintext_socket_before_the_handshake()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: true);
        await Scope.RunAsync(
            async _ =>
            {
                var plain = Sockets.Connect($"db.test:{server.Port}", StartTlsOption);
                await plain.Opened.WithTimeout();
                var command = TlsServer.QuietStartTlsCommand;
                command.CopyTo(plain.Writable.GetMemory(command.Length));
                plain.Writable.Advance(command.Length);
                await using var secure = plain.StartTls(new TlsOptions { ExpectedServerHostname = "db.test" });
                await secure.Opened.WithTimeout();
                Assert.Equal("tls:db.test", await server.NextOutcomeAsync(Scope.Timeout));
            },
            TlsTests.Trusting(_certificates));
    }

    [Fact]
    public async Task StartTls_to_an_untrusted_server_faults_the_new_socket()
    {
        using var stranger = new TestCertificates("Someone Else's Root");
        await using var server = new TlsServer(stranger.IssueServer("db.test"), upgrade: true);
        await Scope.RunAsync(
            async _ =>
            {
                var plain = Sockets.Connect($"db.test:{server.Port}", StartTlsOption);
                await plain.WriteAsync(TlsServer.QuietStartTlsCommand);
                var secure = plain.StartTls();
                var error = await Assert.ThrowsAsync<IOException>(() => secure.Opened.WithTimeout());
                Assert.StartsWith(
                    $"proxy request failed, cannot connect to the specified address: TLS handshake with db.test:{server.Port} failed — the server's certificate is not trusted",
                    error.Message,
                    StringComparison.Ordinal);
                await plain.Closed.WithTimeout();
                Assert.DoesNotContain("plaintext", await server.NextOutcomeAsync(Scope.Timeout), StringComparison.Ordinal);
            },
            TlsTests.Trusting(_certificates));
    }

    [Fact]
    public async Task Plaintext_sent_by_the_server_after_the_upgrade_reply_fails_the_upgrade()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: true);
        await Scope.RunAsync(
            async _ =>
            {
                var plain = Sockets.Connect($"db.test:{server.Port}", StartTlsOption);
                await plain.WriteAsync(TlsServer.InjectingStartTlsCommand);
                Assert.Equal(TlsServer.StartTlsReply, await plain.ReadExactlyAsync(TlsServer.StartTlsReply.Length));
                var secure = plain.StartTls();
                await Assert.ThrowsAnyAsync<Exception>(() => secure.Opened.WithTimeout());
                await Assert.ThrowsAnyAsync<Exception>(() => secure.Writable.WriteAsync(new byte[1]).AsTask());
            },
            TlsTests.Trusting(_certificates));
    }

    [Fact]
    public async Task StartTls_with_a_read_pending_on_the_plaintext_socket_fails_the_upgrade()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: true);
        await Scope.RunAsync(
            async _ =>
            {
                var plain = await ConnectAndExchangeHelloAsync(server.Port);
                var pending = plain.Readable.ReadAsync().AsTask();

                var secure = plain.StartTls();
                var error = await Assert.ThrowsAsync<IOException>(() => secure.Opened.WithTimeout());
                Assert.Equal(WorkerSockets.Internal.SocketErrors.ReadPendingAtStartTls, error.Message);
                await Assert.ThrowsAnyAsync<Exception>(() => pending.WithTimeout());
            },
            TlsTests.Trusting(_certificates));
    }

    [Fact]
    public async Task StartTls_after_a_canceled_read_fails_the_upgrade_because_its_receive_is_still_running()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: true);
        await Scope.RunAsync(
            async _ =>
            {
                var plain = await ConnectAndExchangeHelloAsync(server.Port);
                var pending = plain.Readable.ReadAsync();
                plain.Readable.CancelPendingRead();
                var canceled = await pending.WithTimeout();
                Assert.True(canceled.IsCanceled);
                plain.Readable.AdvanceTo(canceled.Buffer.Start);

                // The socket receive that read started is still in flight: it would swallow the start of the handshake.
                var secure = plain.StartTls();
                var error = await Assert.ThrowsAsync<IOException>(() => secure.Opened.WithTimeout());
                Assert.Equal(WorkerSockets.Internal.SocketErrors.ReadPendingAtStartTls, error.Message);
                await plain.Closed.WithTimeout();
            },
            TlsTests.Trusting(_certificates));
    }

    public void Dispose() => _certificates.Dispose();

    /// <summary>A plaintext socket that has sent a line and read its echo, so the connection is known to carry bytes.</summary>
    private static async Task<WorkerSocket> ConnectAndExchangeHelloAsync(int port)
    {
        var plain = Sockets.Connect($"db.test:{port}", StartTlsOption);
        await plain.WriteAsync("hello\r\n"u8.ToArray());
        Assert.Equal("hello\r\n"u8.ToArray(), await plain.ReadExactlyAsync(7));
        return plain;
    }
}
