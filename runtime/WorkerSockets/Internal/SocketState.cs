namespace WorkerSockets.Internal;

/// <summary>The life of a <see cref="WorkerSocket"/>; <see cref="SocketStateMachine"/> is the only place that changes it.</summary>
internal enum SocketState
{
    /// <summary>Waiting for one of the request's six socket slots.</summary>
    Queued,

    /// <summary>Resolving, connecting and (for TLS) handshaking.</summary>
    Connecting,

    /// <summary>Connected; reads and writes flow.</summary>
    Open,

    /// <summary>Close requested: queued writes are being flushed; new reads and writes fail.</summary>
    Closing,

    /// <summary><see cref="WorkerSocket.StartTls"/> detached the transport and handed it to a new socket.</summary>
    Upgraded,

    /// <summary>Torn down (closed, failed or aborted).</summary>
    Closed,
}

/// <summary>Holds a socket's state and allows only the transitions of the socket's life.</summary>
internal struct SocketStateMachine
{
    private int _state;

    public SocketState Current => (SocketState)Volatile.Read(ref _state);

    /// <summary>Moves to <paramref name="next"/> if that is a legal step from the current state; returns the state left.</summary>
    public bool TryMoveTo(SocketState next, out SocketState previous)
    {
        while (true)
        {
            int current = Volatile.Read(ref _state);
            previous = (SocketState)current;
            if (!IsAllowed(previous, next))
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, (int)next, current) == current)
            {
                return true;
            }
        }
    }

    public bool TryMoveTo(SocketState next) => TryMoveTo(next, out _);

    private static bool IsAllowed(SocketState from, SocketState to) => (from, to) switch
    {
        (SocketState.Queued, SocketState.Connecting) => true,
        (SocketState.Connecting, SocketState.Open) => true,
        (SocketState.Queued or SocketState.Connecting or SocketState.Open, SocketState.Closing) => true,
        (SocketState.Queued or SocketState.Connecting or SocketState.Open, SocketState.Upgraded) => true,
        (not SocketState.Closed and not SocketState.Upgraded, SocketState.Closed) => true,
        _ => false,
    };
}
