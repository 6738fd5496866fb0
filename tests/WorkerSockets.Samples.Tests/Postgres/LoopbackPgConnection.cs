using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Customers.LocalPostgres;
using Customers.Postgres;

namespace WorkerSockets.Samples.Tests.Postgres;

/// <summary>
/// Runs <see cref="PgSession"/> over a plain System.Net.Sockets connection (and SslStream after SSLRequest), so the
/// protocol code is tested against the real server independently of the WorkerSocket runtime.
/// </summary>
internal sealed class LoopbackPgConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;

    private LoopbackPgConnection(TcpClient tcp, Stream stream, PgSession session)
    {
        _tcp = tcp;
        _stream = stream;
        Session = session;
    }

    public PgSession Session { get; }

    public static async Task<LoopbackPgConnection> OpenAsync(LocalPostgresCluster cluster, LocalPostgresRole role, bool tls, CancellationToken cancellationToken = default)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(cluster.Host, cluster.Port, cancellationToken);
        Stream stream = tcp.GetStream();
        if (tls)
        {
            var plainReader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            var plainWriter = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
            Assert.True(await PgSession.RequestTlsAsync(plainReader, plainWriter, cancellationToken));
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = cluster.Host,
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { cluster.CertificateAuthority },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            }, cancellationToken);
            stream = ssl;
        }

        var session = new PgSession(PipeReader.Create(stream), PipeWriter.Create(stream));
        await session.StartAsync(PgConnectionSettings.Parse(cluster.ConnectionString(role, tls ? "require" : "disable")), cancellationToken);
        return new LoopbackPgConnection(tcp, stream, session);
    }

    public async ValueTask DisposeAsync()
    {
        await Session.TerminateAsync(CancellationToken.None);
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
