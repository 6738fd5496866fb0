using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace WorkerSockets.Internal;

/// <summary>One connected TCP socket and the pipes over it: straight on the socket in plaintext, over an <see cref="SslStream"/> with TLS.</summary>
internal sealed class SocketTransport
{
    // Large reads keep bulk throughput close to a raw socket; the buffers come from the shared pool.
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: SocketPipeReader.BufferSize, minimumReadSize: 16384, leaveOpen: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 16384, leaveOpen: true);

    private readonly NetworkStream? _network;
    private readonly SslStream? _tls;

    private SocketTransport(Socket socket, NetworkStream? network, SslStream? tls, PipeReader reader, PipeWriter writer)
    {
        Socket = socket;
        _network = network;
        _tls = tls;
        Reader = reader;
        Writer = writer;
    }

    public Socket Socket { get; }

    public PipeReader Reader { get; }

    public PipeWriter Writer { get; }

    /// <summary>Plaintext: the pipes talk to the socket directly (no <see cref="NetworkStream"/>, no stream pipes).</summary>
    /// <param name="socket">The connected socket.</param>
    /// <param name="gate">The owning socket's lock, shared so one connection carries one lock object.</param>
    public static SocketTransport Plain(Socket socket, object gate)
        => new(socket, network: null, tls: null, new SocketPipeReader(socket, gate), new SocketPipeWriter(socket, gate));

    /// <summary>TLS: the pipes run over the authenticated <paramref name="tls"/> stream, which wraps <paramref name="network"/>.</summary>
    public static SocketTransport Secure(Socket socket, NetworkStream network, SslStream tls)
        => new(socket, network, tls, PipeReader.Create(tls, ReaderOptions), PipeWriter.Create(tls, WriterOptions));

    /// <summary>Ends the sending side: TLS close_notify when secure, then a TCP FIN.</summary>
    public async Task ShutdownSendAsync()
    {
        if (_tls is { } tls)
        {
            await tls.ShutdownAsync().ConfigureAwait(false);
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

        _tls?.Dispose();
        _network?.Dispose();
        Socket.Dispose();
    }

    /// <summary>Hands the plaintext socket to a new transport and lets these pipes go, for <c>StartTls</c>.</summary>
    public Socket Detach()
    {
        Writer.Complete();
        Reader.Complete();
        return Socket;
    }
}
