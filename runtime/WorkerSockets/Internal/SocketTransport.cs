using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace WorkerSockets.Internal;

/// <summary>One connected TCP socket, the stream over it (plain or TLS), and the pipes over that stream.</summary>
internal sealed class SocketTransport
{
    // Large reads keep bulk throughput close to a raw socket; the buffers come from the shared pool.
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 65536, minimumReadSize: 16384, leaveOpen: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 16384, leaveOpen: true);

    public SocketTransport(Socket socket, NetworkStream network, Stream stream)
    {
        Socket = socket;
        Network = network;
        Stream = stream;
        Reader = PipeReader.Create(stream, ReaderOptions);
        Writer = PipeWriter.Create(stream, WriterOptions);
    }

    public Socket Socket { get; }

    public NetworkStream Network { get; }

    public Stream Stream { get; }

    public PipeReader Reader { get; }

    public PipeWriter Writer { get; }

    /// <summary>Ends the sending side: TLS close_notify when secure, then a TCP FIN.</summary>
    public async Task ShutdownSendAsync()
    {
        if (Stream is SslStream ssl)
        {
            await ssl.ShutdownAsync().ConfigureAwait(false);
        }

        Socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Releases the socket; <paramref name="abortive"/> resets the connection instead of closing it gracefully.</summary>
    public void Dispose(bool abortive)
    {
        if (abortive)
        {
            // A zero linger turns the close into a reset, so the peer learns at once that the socket is gone.
            Socket.LingerState = new LingerOption(true, 0);
        }

        Stream.Dispose();
        Network.Dispose();
        Socket.Dispose();
    }

    /// <summary>Hands the socket to a new transport and lets these pipes go, for <c>StartTls</c>.</summary>
    public (Socket Socket, NetworkStream Network) Detach()
    {
        Writer.Complete();
        Reader.Complete();
        return (Socket, Network);
    }
}
