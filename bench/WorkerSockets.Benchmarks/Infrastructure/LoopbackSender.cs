using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace WorkerSockets.Benchmarks.Infrastructure;

/// <summary>
/// A loopback server that, on every connection, sends <c>bytesPerConnection</c> bytes (or bytes until the client
/// goes away, when negative) and then ends its side. With a certificate it speaks TLS first.
/// </summary>
public sealed class LoopbackSender : IAsyncDisposable
{
    private const int ChunkSize = 256 * 1024;
    private static readonly byte[] Chunk = CreateChunk();

    private readonly Socket _listener;
    private readonly long _bytesPerConnection;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    public LoopbackSender(long bytesPerConnection, X509Certificate2? certificate = null)
    {
        _bytesPerConnection = bytesPerConnection;
        _certificate = certificate;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary><c>127.0.0.1:port</c>, as <see cref="Sockets.Connect(string, SocketOptions?)"/> takes it.</summary>
    public string Address => $"127.0.0.1:{EndPoint.Port}";

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

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
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stopping.Token).ConfigureAwait(false);
            }

            var remaining = _bytesPerConnection < 0 ? long.MaxValue : _bytesPerConnection;
            while (remaining > 0)
            {
                var count = (int)Math.Min(ChunkSize, remaining);
                await stream.WriteAsync(Chunk.AsMemory(0, count), _stopping.Token).ConfigureAwait(false);
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

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
