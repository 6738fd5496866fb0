using System.IO.Pipelines;
using System.Net.Sockets;

namespace WorkerSockets.Internal;

/// <summary>One connected TCP socket and the pipes over it: straight on the socket in plaintext (this class), over TLS in <see cref="TlsSocketTransport"/>.</summary>
internal class TcpSocketTransport : SocketTransport
{
    public TcpSocketTransport(Socket socket, object gate)
        : this(socket, new SocketPipeReader(socket, gate), new SocketPipeWriter(socket, gate))
    {
    }

    protected TcpSocketTransport(Socket socket, PipeReader reader, PipeWriter writer)
        : base(reader, writer)
    {
        Socket = socket;
    }

    public Socket Socket { get; }

    public override string? LocalAddress => Socket.LocalEndPoint?.ToString();

    /// <summary>Ends the sending side with a TCP FIN (TLS sends close_notify first).</summary>
    public override Task ShutdownSendAsync()
    {
        Socket.Shutdown(SocketShutdown.Send);
        return Task.CompletedTask;
    }

    /// <remarks>
    /// Closing the descriptor sends the same FIN that <c>shutdown(SHUT_WR)</c> does when no received byte is left unread,
    /// so the extra system call (about a tenth of a loopback connect/round-trip/close cycle) is skipped then. With unread
    /// bytes the kernel resets the connection on close; the FIN still goes out first, as workerd's close does.
    /// </remarks>
    public override Task ShutdownBeforeCloseAsync() => Socket.Available == 0 ? Task.CompletedTask : ShutdownSendAsync();

    public override void Dispose(bool abortive)
    {
        if (abortive)
        {
            // A zero linger turns the close into a reset, so the peer learns at once that the socket is gone.
            Socket.LingerState = new LingerOption(true, 0);
        }

        DisposeStreams();
        Socket.Dispose();
    }

    public override Socket Detach()
    {
        Writer.Complete();
        Reader.Complete();
        return Socket;
    }

    protected virtual void DisposeStreams()
    {
    }
}
