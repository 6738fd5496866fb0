using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace WorkerSockets.Internal;

/// <summary>One connected TCP socket and the pipes over it: straight on the socket in plaintext (this class), over TLS in <see cref="TlsSocketTransport"/>.</summary>
internal class SocketTransport
{
    protected SocketTransport(Socket socket, PipeReader reader, PipeWriter writer)
    {
        Socket = socket;
        Reader = reader;
        Writer = writer;
    }

    public Socket Socket { get; }

    public PipeReader Reader { get; }

    public PipeWriter Writer { get; }

    /// <summary>Plaintext: the pipes talk to the socket directly (no <see cref="NetworkStream"/>, no stream pipes).</summary>
    /// <param name="socket">The connected socket.</param>
    /// <param name="gate">The owning socket's lock, shared so one connection carries one lock.</param>
    public static SocketTransport Plain(Socket socket, object gate)
        => new(socket, new SocketPipeReader(socket, gate), new SocketPipeWriter(socket, gate));

    /// <summary>TLS: the pipes run over the authenticated <paramref name="tls"/> stream, which wraps <paramref name="network"/>.</summary>
    public static SocketTransport Secure(Socket socket, NetworkStream network, SslStream tls) => new TlsSocketTransport(socket, network, tls);

    /// <summary>Ends the sending side with a TCP FIN (TLS sends close_notify first).</summary>
    public virtual Task ShutdownSendAsync()
    {
        Socket.Shutdown(SocketShutdown.Send);
        return Task.CompletedTask;
    }

    /// <summary>Ends the sending side of a connection that is about to be released for good (a full close).</summary>
    /// <remarks>
    /// Closing the descriptor sends the same FIN that <c>shutdown(SHUT_WR)</c> does when no received byte is left unread,
    /// so the extra system call (about a tenth of a loopback connect/round-trip/close cycle) is skipped then. With unread
    /// bytes the kernel resets the connection on close; the FIN still goes out first, as workerd's close does.
    /// </remarks>
    public virtual Task ShutdownBeforeCloseAsync() => Socket.Available == 0 ? Task.CompletedTask : ShutdownSendAsync();

    /// <summary>Releases the socket; <paramref name="abortive"/> resets the connection instead of closing it gracefully.</summary>
    public void Dispose(bool abortive)
    {
        if (abortive)
        {
            // A zero linger turns the close into a reset, so the peer learns at once that the socket is gone.
            Socket.LingerState = new LingerOption(true, 0);
        }

        DisposeStreams();
        Socket.Dispose();
    }

    /// <summary>Hands the plaintext socket to a new transport and lets these pipes go, for <c>StartTls</c>.</summary>
    public Socket Detach()
    {
        Writer.Complete();
        Reader.Complete();
        return Socket;
    }

    protected virtual void DisposeStreams()
    {
    }
}
