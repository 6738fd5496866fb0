using System.Security.Authentication;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary><see cref="SecureTransport.On"/>: TLS from the first byte, SNI, and trust that cannot be switched off.</summary>
public sealed class TlsTests : IDisposable
{
    private const string ProxyFailed = "proxy request failed, cannot connect to the specified address";
    private static readonly SocketOptions Tls = new() { SecureTransport = SecureTransport.On };
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task TLS_socket_opens_after_the_handshake_and_sends_the_hostname_as_SNI()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: false);
        await Scope.RunAsync(
            async _ =>
            {
                await using var socket = Sockets.Connect($"db.test:{server.Port}", Tls);
                Assert.Equal(SecureTransport.On, socket.SecureTransport);
                await socket.Opened.WithTimeout();
                Assert.Equal("tls:db.test", await server.NextOutcomeAsync(Scope.Timeout));
                await socket.WriteAsync("secret"u8.ToArray());
                Assert.Equal("secret"u8.ToArray(), await socket.ReadExactlyAsync(6));
            },
            Trusting(_certificates));
    }

    [Fact]
    public async Task Expected_server_hostname_is_used_for_SNI_and_validation()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: false);
        await Scope.RunAsync(
            async _ =>
            {
                var options = Tls with { Tls = new TlsOptions { ExpectedServerHostname = "db.test" } };
                await using var socket = Sockets.Connect($"127.0.0.1:{server.Port}", options);
                Assert.Equal($"127.0.0.1:{server.Port}", (await socket.Opened.WithTimeout()).RemoteAddress);
                Assert.Equal("tls:db.test", await server.NextOutcomeAsync(Scope.Timeout));
            },
            Trusting(_certificates));
    }

    [Theory]
    [InlineData("127.1")]
    [InlineData("2130706433")]
    [InlineData("0177.0.0.1")]
    public async Task Numeric_host_forms_are_checked_as_the_names_they_are_written_as(string host)
    {
        // As workerd's TLS client: only a name inet_pton reads (four plain decimal parts, or IPv6) is checked as an IP
        // address. The socket reaches the server (these forms are 127.0.0.1), but the certificate lists 127.0.0.1, not the name.
        await using var server = new TlsServer(_certificates.IssueServer("db.test", System.Net.IPAddress.Loopback), upgrade: false);
        await Scope.RunAsync(
            async _ =>
            {
                await using (var canonical = Sockets.Connect($"127.0.0.1:{server.Port}", Tls))
                {
                    await canonical.Opened.WithTimeout();
                }

                var socket = Sockets.Connect($"{host}:{server.Port}", Tls);
                var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
                Assert.Equal(
                    $"{ProxyFailed}: TLS handshake with {host}:{server.Port} failed — the server's certificate is not valid for the name {host} "
                    + "(connect by a name the certificate lists, or set TlsOptions.ExpectedServerHostname)",
                    error.Message);
                await AssertUnusableAsync(socket);
            },
            Trusting(_certificates));
    }

    [Fact]
    public async Task A_read_pending_when_a_TLS_socket_is_closed_fails_with_the_socket_has_been_closed()
    {
        // The TLS teardown can end the pending read as an end of stream (the server answers close_notify) rather than
        // an error; either way the handler's close is what ended it, as workerd's close() says.
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: false);
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"db.test:{server.Port}", Tls);
                await socket.Opened.WithTimeout();
                var read = socket.Readable.ReadAsync().AsTask();
                Assert.False(read.IsCompleted);
                await socket.CloseAsync().WithTimeout();
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => read.WithTimeout());
                Assert.Equal("This socket has been closed.", error.Message);
                Assert.True(socket.Closed.IsCompletedSuccessfully);
            },
            Trusting(_certificates));
    }

    [Fact]
    public async Task Wrong_hostname_faults_Opened_with_no_plaintext_fallback()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: false);
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"other.test:{server.Port}", Tls);
                var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
                Assert.Equal(
                    $"{ProxyFailed}: TLS handshake with other.test:{server.Port} failed — the server's certificate is not valid for the name other.test "
                    + "(connect by a name the certificate lists, or set TlsOptions.ExpectedServerHostname)",
                    error.Message);
                Assert.IsAssignableFrom<AuthenticationException>(error.InnerException);
                await AssertUnusableAsync(socket);
                Assert.DoesNotContain("plaintext", await server.NextOutcomeAsync(Scope.Timeout), StringComparison.Ordinal);
            },
            Trusting(_certificates));
    }

    [Fact]
    public async Task Untrusted_certificate_faults_Opened_with_no_plaintext_fallback()
    {
        using var stranger = new TestCertificates("Someone Else's Root");
        await using var server = new TlsServer(stranger.IssueServer("db.test"), upgrade: false);
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"db.test:{server.Port}", Tls);
                var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
                Assert.Equal(
                    $"{ProxyFailed}: TLS handshake with db.test:{server.Port} failed — the server's certificate is not trusted "
                    + "(for a private certificate authority, trust its root with SocketPolicy.WithTrustedRoots)",
                    error.Message);
                await AssertUnusableAsync(socket);
                Assert.DoesNotContain("plaintext", await server.NextOutcomeAsync(Scope.Timeout), StringComparison.Ordinal);
            },
            Trusting(_certificates));
    }

    [Fact]
    public async Task Certificate_from_an_extra_root_is_rejected_without_that_root()
    {
        await using var server = new TlsServer(_certificates.IssueServer("db.test"), upgrade: false);
        await Scope.RunAsync(async _ =>
        {
            var socket = Sockets.Connect($"db.test:{server.Port}", Tls);
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.Contains("the server's certificate is not trusted", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public Task TLS_to_a_plaintext_port_says_the_server_did_not_answer_in_TLS() => Scope.RunAsync(async _ =>
    {
        await using var echo = new EchoServer();
        var socket = Sockets.Connect($"db.test:{echo.Port}", Tls);
        var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
        Assert.Equal($"{ProxyFailed}: TLS handshake with db.test:{echo.Port} failed — the server did not answer in TLS (is the port plaintext?)", error.Message);
        await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
        await socket.CloseAsync().WithTimeout();
    });

    public void Dispose() => _certificates.Dispose();

    internal static SocketPolicy Trusting(TestCertificates certificates)
        => Scope.WithTestNames(SocketPolicy.Development.WithTrustedRoots(certificates.Root));

    private static async Task AssertUnusableAsync(WorkerSocket socket)
    {
        await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
        await Assert.ThrowsAsync<IOException>(() => socket.Writable.WriteAsync("plaintext"u8.ToArray()).AsTask());
        await Assert.ThrowsAsync<IOException>(() => socket.Readable.ReadAsync().AsTask());
    }
}
