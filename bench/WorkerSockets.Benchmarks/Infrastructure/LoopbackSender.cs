using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace WorkerSockets.Benchmarks.Infrastructure;

/// <summary>
/// A loopback server that, on every connection, sends <c>bytesPerConnection</c> bytes (or bytes until the client
/// goes away, when negative) and then ends its side. With a certificate it speaks TLS first.
/// </summary>
public sealed class LoopbackSender : LoopbackListener
{
    private const int ChunkSize = 256 * 1024;
    private static readonly byte[] Chunk = CreateChunk();

    private readonly long _bytesPerConnection;
    private readonly X509Certificate2? _certificate;

    public LoopbackSender(long bytesPerConnection, X509Certificate2? certificate = null)
    {
        _bytesPerConnection = bytesPerConnection;
        _certificate = certificate;
        Start();
    }

    protected override void Accepted(Socket client) => _ = Task.Run(() => ServeAsync(client));

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        var network = new NetworkStream(client, ownsSocket: true);
        Stream stream = network;
        try
        {
            if (_certificate is not null)
            {
                var tls = new SslStream(network, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, Stopping).ConfigureAwait(false);
            }

            var remaining = _bytesPerConnection < 0 ? long.MaxValue : _bytesPerConnection;
            while (remaining > 0)
            {
                var count = (int)Math.Min(ChunkSize, remaining);
                await stream.WriteAsync(Chunk.AsMemory(0, count), Stopping).ConfigureAwait(false);
                remaining -= count;
            }

            if (stream is SslStream sslStream)
            {
                await sslStream.ShutdownAsync().ConfigureAwait(false);
            }

            client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The endless mode ends when the client closes; a reset here is how every such connection finishes.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static byte[] CreateChunk()
    {
        var chunk = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
        new Random(42).NextBytes(chunk);
        return chunk;
    }
}
