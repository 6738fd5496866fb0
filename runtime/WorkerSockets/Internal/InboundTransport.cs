using System.IO.Pipelines;
using System.Net.Sockets;

namespace WorkerSockets.Internal;

/// <summary>
/// An inbound connection the host accepted (Kestrel's connection pipeline): the handler's socket reads and writes the
/// connection's own pipes, so no byte is copied on the way. The host owns the connection; this transport only ends it.
/// </summary>
/// <remarks>
/// Kestrel's socket transport closes the whole connection once its output pipe completes, so ending the handler's
/// sending side also ends its receiving side.
/// </remarks>
internal sealed class InboundTransport : SocketTransport
{
    private readonly string? _localAddress;
    private readonly Action _abort;
    private volatile bool _sendingEnded;

    /// <summary>Wraps an accepted connection.</summary>
    /// <param name="connection">The connection's transport pipes (decrypted ones when the host terminates TLS).</param>
    /// <param name="localAddress">The listening end, for <see cref="SocketInfo.LocalAddress"/>.</param>
    /// <param name="abort">Resets the connection (the host's abort).</param>
    public InboundTransport(IDuplexPipe connection, string? localAddress, Action abort)
        : base(connection.Input, connection.Output)
    {
        _localAddress = localAddress;
        _abort = abort;
    }

    public override string? LocalAddress => _localAddress;

    /// <summary>
    /// Whether this side started ending the connection (a close, an abort or the end of writing): set before the host's
    /// pipe is completed, so a host that sees the connection close can tell whether the client left first.
    /// </summary>
    public bool SendingEnded => _sendingEnded;

    public override Task ShutdownSendAsync()
    {
        _sendingEnded = true;
        return Writer.CompleteAsync().AsTask();
    }

    public override void Dispose(bool abortive)
    {
        _sendingEnded = true;
        if (abortive)
        {
            _abort();
        }

        // The input pipe is left to the host: it completes it when the connection handler returns.
        Writer.Complete();
    }

    /// <summary>Never reached: <see cref="WorkerSocket.StartTls"/> refuses an inbound socket before it detaches anything.</summary>
    public override Socket Detach() => throw new InvalidOperationException(InboundErrors.NoStartTls);
}
