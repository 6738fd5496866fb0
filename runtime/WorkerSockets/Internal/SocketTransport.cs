using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace WorkerSockets.Internal;

/// <summary>
/// A connection's pipes and how to end it: over a TCP socket (<see cref="TcpSocketTransport"/>, with TLS
/// <see cref="TlsSocketTransport"/>) or over in-memory pipes to an in-process destination (<see cref="InProcessTransport"/>).
/// <see cref="WorkerSocket"/> keeps the rules; a transport only moves bytes and ends them.
/// </summary>
internal abstract class SocketTransport
{
    protected SocketTransport(PipeReader reader, PipeWriter writer)
    {
        Reader = reader;
        Writer = writer;
    }

    /// <summary>The bytes the peer sends.</summary>
    public PipeReader Reader { get; }

    /// <summary>The bytes sent to the peer.</summary>
    public PipeWriter Writer { get; }

    /// <summary>The local end, as <see cref="SocketInfo.LocalAddress"/> reports it; <see langword="null"/> when there is none.</summary>
    public abstract string? LocalAddress { get; }

    /// <summary>Plaintext TCP: the pipes talk to the socket directly (no <see cref="NetworkStream"/>, no stream pipes).</summary>
    /// <param name="socket">The connected socket.</param>
    /// <param name="gate">The owning socket's lock, shared so one connection carries one lock.</param>
    public static SocketTransport Plain(Socket socket, object gate) => new TcpSocketTransport(socket, gate);

    /// <summary>TLS: the pipes run over the authenticated <paramref name="tls"/> stream, which wraps <paramref name="network"/>.</summary>
    public static SocketTransport Secure(Socket socket, NetworkStream network, SslStream tls) => new TlsSocketTransport(socket, network, tls);

    /// <summary>Ends the sending side: the peer reads the end of the stream.</summary>
    public abstract Task ShutdownSendAsync();

    /// <summary>Ends the sending side of a connection that is about to be released for good (a full close).</summary>
    public virtual Task ShutdownBeforeCloseAsync() => ShutdownSendAsync();

    /// <summary>Releases the connection; <paramref name="abortive"/> resets it instead of closing it gracefully.</summary>
    public abstract void Dispose(bool abortive);

    /// <summary>Hands the plaintext TCP socket to a new transport and lets these pipes go, for <c>StartTls</c>.</summary>
    /// <exception cref="IOException">This transport has no socket to upgrade; it has released itself.</exception>
    public abstract Socket Detach();
}
