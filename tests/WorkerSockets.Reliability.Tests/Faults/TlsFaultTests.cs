using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using WorkerSockets.Reliability.Tests.Infrastructure;
using WorkerSockets.Tests.Peers;

namespace WorkerSockets.Reliability.Tests.Faults;

public sealed class TlsFaultTests : IDisposable
{
    private static readonly SocketOptions Tls = new() { SecureTransport = SecureTransport.On, Tls = new TlsOptions { ExpectedServerHostname = "db.test" } };
    private readonly TestCertificates _authority = new();

    [Fact]
    public async Task Handshake_cut_off_midway_faults_Opened_and_Closed_and_the_peer_sees_the_close()
    {
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = new LoopbackServer(async (socket, ct) =>
        {
            // Read the ClientHello, answer with the first bytes of a ServerHello record, then end the stream.
            await socket.ReceiveAsync(new byte[4096], SocketFlags.None, ct);
            await socket.SendAsync(new byte[] { 0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00 }, SocketFlags.None, ct);
            socket.Shutdown(SocketShutdown.Send);
            await WaitForClientGoneAsync(socket, ct);
            clientGone.TrySetResult();
        });

        await RuntimeScope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect(peer.Address, Tls);

                var opened = await RuntimeScope.FailureOf(() => socket.Opened);
                var closed = await RuntimeScope.FailureOf(() => socket.Closed);

                Assert.IsType<IOException>(opened);
                Assert.Same(opened, closed);
                await clientGone.Task.Within(Timeouts.Prompt);
            },
            _authority.Trusting);
    }

    [Fact]
    public async Task Expired_certificate_faults_Opened_with_the_rejected_certificate_error()
    {
        await using var server = new TlsServer(_authority.IssueServer("db.test", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1)), upgrade: false);
        await RuntimeScope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect(server.Address, Tls);

                var opened = Assert.IsType<IOException>(await RuntimeScope.FailureOf(() => socket.Opened));
                Assert.Equal($"The TLS certificate of 'db.test' was rejected ({SslPolicyErrors.RemoteCertificateChainErrors}).", opened.InnerException?.Message);
                await RuntimeScope.FailureOf(() => socket.Closed);
                var read = await RuntimeScope.FailureOf(async () => await socket.Readable.ReadAsync());
                Assert.Equal(opened.Message, Assert.IsType<IOException>(read).Message);

                // Under TLS 1.3 the server finishes its side before the client rejects the certificate; it never sees plaintext.
                Assert.DoesNotContain("plaintext", await server.NextOutcomeAsync(Timeouts.Prompt), StringComparison.Ordinal);
            },
            _authority.Trusting);
    }

    [Fact]
    public async Task Plaintext_where_TLS_is_expected_faults_Opened_and_nothing_is_read_as_plaintext()
    {
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = new LoopbackServer(async (socket, ct) =>
        {
            await socket.SendAsync("220 smtp.test ESMTP ready\r\n"u8.ToArray(), SocketFlags.None, ct);
            await WaitForClientGoneAsync(socket, ct);
            clientGone.TrySetResult();
        });

        await RuntimeScope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect(peer.Address, Tls);

                var opened = await RuntimeScope.FailureOf(() => socket.Opened);
                Assert.IsAssignableFrom<AuthenticationException>(opened.InnerException);
                await RuntimeScope.FailureOf(() => socket.Closed);
                var read = await RuntimeScope.FailureOf(async () => await socket.Readable.ReadAsync());
                Assert.IsType<IOException>(read);
                Assert.Equal(opened.Message, read.Message);
                await clientGone.Task.Within(Timeouts.Prompt);
            },
            _authority.Trusting);
    }

    [Fact]
    public async Task StartTls_while_a_large_write_is_still_flushing_sends_every_byte_before_the_handshake()
    {
        const int payloadLength = 16 * 1024 * 1024;
        var command = TlsServer.QuietStartTlsCommand;
        var peerReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var certificate = _authority.IssueServer("db.test");
        await using var peer = new LoopbackServer(async (socket, ct) =>
        {
            await using var network = new NetworkStream(socket, ownsSocket: false);
            await peerReading.Task.WaitAsync(Timeouts.Default, ct);
            var payload = new byte[payloadLength];
            await network.ReadExactlyAsync(payload, ct);
            var line = new byte[command.Length];
            await network.ReadExactlyAsync(line, ct);
            received.TrySetResult($"{payload.Count(b => b == (byte)'p')} payload bytes, then {System.Text.Encoding.ASCII.GetString(line).TrimEnd()}");
            await using var ssl = new SslStream(network, leaveInnerStreamOpen: true);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
            await EchoServer.EchoStreamAsync(ssl, ct);
        });

        await RuntimeScope.RunAsync(
            async _ =>
            {
                var plain = Sockets.Connect(peer.Address, new SocketOptions { SecureTransport = SecureTransport.StartTls });
                await plain.Opened.Within();
                var payload = new byte[payloadLength];
                Array.Fill(payload, (byte)'p');
                var writing = plain.Writable.WriteAsync(payload.Concat(command).ToArray()).AsTask();
                Assert.False(writing.IsCompleted); // the peer reads nothing yet: the write is still being flushed

                await using var secure = plain.StartTls(new TlsOptions { ExpectedServerHostname = "db.test" });
                peerReading.TrySetResult();

                await writing.Within();
                Assert.Equal($"{payloadLength} payload bytes, then STARTTLS QUIET", await received.Task.Within());
                await secure.Opened.Within();
                await plain.Closed.Within(Timeouts.Prompt);
                await secure.Writable.WriteAsync("over tls"u8.ToArray()).Within();
                var echoed = await secure.Readable.ReadAtLeastAsync(8).Within();
                Assert.Equal("over tls"u8.ToArray(), echoed.Buffer.ToArray());
                secure.Readable.AdvanceTo(echoed.Buffer.End);
            },
            _authority.Trusting);
    }

    public void Dispose() => _authority.Dispose();

    private static async Task WaitForClientGoneAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, ct) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is one way for the client to go.
        }
    }
}
