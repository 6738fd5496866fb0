using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace WorkerSockets.Tests.Peers;

/// <summary>
/// A TLS echo server. With <c>upgrade: true</c> it first speaks plaintext: it echoes lines until it reads
/// <c>STARTTLS\r\n</c>, answers <c>OK\r\n</c> (or nothing, for <c>STARTTLS QUIET\r\n</c>), and then runs the TLS handshake — the shape of SMTP and PostgreSQL.
/// </summary>
public sealed class TlsServer : LoopbackServer
{
    /// <summary>The line that asks for the upgrade.</summary>
    public static readonly byte[] StartTlsCommand = "STARTTLS\r\n"u8.ToArray();

    /// <summary>The line that asks for the upgrade without an answer: the handshake follows at once.</summary>
    public static readonly byte[] QuietStartTlsCommand = "STARTTLS QUIET\r\n"u8.ToArray();

    /// <summary>The line that asks for the upgrade and gets an answer followed by stray bytes before the handshake.</summary>
    public static readonly byte[] InjectingStartTlsCommand = "STARTTLS INJECT\r\n"u8.ToArray();

    /// <summary>The server's answer before the handshake.</summary>
    public static readonly byte[] StartTlsReply = "OK\r\n"u8.ToArray();

    private readonly Channel<string> _outcomes;

    /// <summary>Starts the server with <paramref name="certificate"/>.</summary>
    public TlsServer(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, bool upgrade)
        : this(certificate, upgrade, Channel.CreateUnbounded<string>())
    {
    }

    private TlsServer(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, bool upgrade, Channel<string> outcomes)
        : base((socket, ct) => ServeAsync(socket, certificate, upgrade, outcomes.Writer, ct))
        => _outcomes = outcomes;

    /// <summary>
    /// What happened on the next connection: <c>"tls:SNI"</c> after a handshake, <c>"handshake failed"</c>, or
    /// <c>"plaintext:TEXT"</c> for any plaintext other than the upgrade command.
    /// </summary>
    public async Task<string> NextOutcomeAsync(TimeSpan timeout) => await _outcomes.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    private static async Task ServeAsync(Socket socket, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, bool upgrade, ChannelWriter<string> outcomes, CancellationToken cancellationToken)
    {
        await using var network = new NetworkStream(socket, ownsSocket: false);
        if (upgrade && !await AwaitStartTlsAsync(network, outcomes, cancellationToken))
        {
            return;
        }

        await using var ssl = new SslStream(network, leaveInnerStreamOpen: true);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            outcomes.TryWrite("handshake failed");
            return;
        }

        outcomes.TryWrite("tls:" + ssl.TargetHostName);
        try
        {
            await EchoServer.EchoStreamAsync(ssl, cancellationToken);
            await ssl.ShutdownAsync();
        }
        catch (IOException)
        {
            // The client may reset instead of closing; the test has its answer by then.
        }
    }

    private static async Task<bool> AwaitStartTlsAsync(NetworkStream network, ChannelWriter<string> outcomes, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await network.ReadAsync(one, cancellationToken) == 1)
        {
            line.Add(one[0]);
            if (one[0] != (byte)'\n')
            {
                continue;
            }

            if (line.SequenceEqual(StartTlsCommand))
            {
                await network.WriteAsync(StartTlsReply, cancellationToken);
                return true;
            }

            if (line.SequenceEqual(QuietStartTlsCommand))
            {
                return true;
            }

            if (line.SequenceEqual(InjectingStartTlsCommand))
            {
                // The STARTTLS command-injection shape: plaintext that a careless client would treat as protected.
                await network.WriteAsync(StartTlsReply.Concat("INJECTED\r\n"u8.ToArray()).ToArray(), cancellationToken);
                return true;
            }

            outcomes.TryWrite("plaintext:" + Encoding.ASCII.GetString([.. line]));
            await network.WriteAsync(line.ToArray(), cancellationToken);
            line.Clear();
        }

        return false;
    }
}
