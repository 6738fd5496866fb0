using WorkerSockets.Internal;

namespace WorkerSockets;

// An inbound socket: the connection a host accepted for a Connect handler, open from the start and owned by the host.
public sealed partial class WorkerSocket
{
    private static readonly SocketOptions InboundOptions = new();

    private bool _inbound;

    /// <summary>Whether this socket is an inbound connection handed to a <c>Connect</c> handler.</summary>
    internal bool IsInbound => _inbound;

    /// <summary>
    /// Makes the socket a <c>Connect</c> handler receives: already open over <paramref name="transport"/>, bound to
    /// <paramref name="scope"/> for the request rules, but neither one of the scope's six slots nor aborted with its
    /// sockets — the host closes it after the scope ends (<see cref="CloseInboundAsync"/>).
    /// </summary>
    /// <param name="scope">The connection's request scope.</param>
    /// <param name="transport">The accepted connection.</param>
    /// <param name="remoteAddress">The peer's address, as <see cref="Opened"/> reports it.</param>
    /// <param name="secureTransport"><see cref="SecureTransport.On"/> when the host terminated TLS for this connection.</param>
    internal static WorkerSocket Inbound(WorkerContext scope, InboundTransport transport, string remoteAddress, SecureTransport secureTransport)
    {
        var socket = new WorkerSocket(scope, host: string.Empty, port: 0, remoteAddress, InboundOptions, secureTransport) { _inbound = true };
        socket._state.TryMoveTo(SocketState.Connecting);
        socket.Attach(transport);
        return socket;
    }

    /// <summary>
    /// The host's close once the scope has ended: as <see cref="CloseAsync"/> (queued writes flushed, then the connection
    /// ended), but from outside the scope; a socket the handler already closed is left as it is.
    /// </summary>
    /// <returns>The <see cref="Closed"/> task.</returns>
    internal Task CloseInboundAsync()
    {
        if (_state.TryMoveTo(SocketState.Closing, out var previous) && previous is SocketState.Open)
        {
            _ = FlushAndCloseAsync();
        }

        return _closed.Task;
    }

    /// <summary>Refuses <see cref="StartTls"/> on an inbound socket, whose TLS the host settled before the handler ran.</summary>
    private void ThrowIfInbound()
    {
        if (_inbound)
        {
            throw new InvalidOperationException(InboundErrors.NoStartTls);
        }
    }
}
