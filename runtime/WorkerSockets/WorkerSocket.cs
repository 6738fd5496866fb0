using System.IO.Pipelines;
using System.Net.Sockets;
using WorkerSockets.Internal;

namespace WorkerSockets;

/// <summary>An outbound TCP socket bound to the request that opened it, as the <c>Socket</c> of <c>cloudflare:sockets</c>.</summary>
public sealed partial class WorkerSocket : IAsyncDisposable
{
    private readonly WorkerContext _scope;
    private readonly string _host;
    private readonly int _port;
    private readonly string _remoteAddress;
    private readonly SocketOptions _options;
    private readonly SocketReader _readable;
    private readonly SocketWriter _writable;
    private readonly TaskCompletionSource<SocketInfo> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _lifetime; // made on first use: a plain connect to an IP literal needs none
    private bool _lifetimeEnded;
    private Socket? _connecting;
    private SocketStateMachine _state;
    private SocketTransport? _transport;
    private DuplexSocketStream? _stream;
    private Exception? _failure;
    private int _holdsSlot;
    private bool _writingEnded;
    private bool _closeRequested;
    private bool _writeLostConnection; // the lost connection was found by a write, not a read
    private Task? _closeCompletion;
    private bool _startTlsCalled;
    private WorkerSocket? _upgradedTo;

    private WorkerSocket(WorkerContext scope, string host, int port, string remoteAddress, SocketOptions options, SecureTransport secureTransport)
    {
        _scope = scope;
        _host = host;
        _port = port;
        _remoteAddress = remoteAddress;
        _options = options;
        SecureTransport = secureTransport;
        _readable = new SocketReader(this);
        _writable = new SocketWriter(this);
    }

    /// <summary>The bytes the peer sends.</summary>
    public PipeReader Readable => _readable;

    /// <summary>The bytes sent to the peer.</summary>
    public PipeWriter Writable => _writable;

    /// <summary>A duplex <see cref="System.IO.Stream"/> over <see cref="Readable"/> and <see cref="Writable"/>, for stream-based libraries.</summary>
    /// <remarks>Asynchronous only; disposing the stream closes the socket.</remarks>
    public Stream Stream => _stream ??= new DuplexSocketStream(this);

    /// <summary>Completes when the connection (and, for <see cref="SecureTransport.On"/>, the TLS handshake) succeeds; faults when it fails.</summary>
    public Task<SocketInfo> Opened => _opened.Task;

    /// <summary>Completes when the socket is closed; faults when the connection failed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Whether <see cref="StartTls"/> replaced this socket with a TLS one.</summary>
    public bool Upgraded => _state.Current == SocketState.Upgraded;

    /// <summary>The TLS mode of this socket.</summary>
    public SecureTransport SecureTransport { get; }

    internal SocketState State => _state.Current;

    /// <summary>The socket's lock, shared with its pipes; the private <c>Opened</c> source serves, so a socket carries no lock object of its own.</summary>
    internal object Gate => _opened;

    internal string RemoteAddress => _remoteAddress;

    /// <summary>Flushes queued writes and closes both sides; every call returns the same task.</summary>
    /// <remarks>
    /// As workerd's <c>close()</c>: the task completes once the socket is closed and never faults. A failed connect, a
    /// reset or an abort is reported by <see cref="Closed"/> (and <see cref="Opened"/>), so <c>await using</c> does not
    /// throw the connect error a second time. A socket still connecting opens first, then closes.
    /// </remarks>
    /// <returns>A task that completes when the socket is closed.</returns>
    public Task CloseAsync()
    {
        var state = _state.Current;
        if (state is SocketState.Closed or SocketState.Upgraded or SocketState.Closing)
        {
            // Already ending (a failed connect, the peer's end, an upgrade): nothing to start, but from now on reads and
            // writes say the handler closed the socket, as workerd's close() marks both streams whatever their state.
            _closeRequested = true;
            return CloseCompletion;
        }

        _scope.EnsureCurrent();
        _closeRequested = true;
        if (_state.TryMoveTo(SocketState.Closing, out var previous))
        {
            if (previous is SocketState.Open)
            {
                _ = FlushAndCloseAsync();
            }
            else if (previous is SocketState.Queued)
            {
                // Still waiting for one of the request's six slots: it never connects (the queue is this runtime's own).
                Finish(new IOException(SocketErrors.ClosedBeforeOpen), closedCleanly: true);
            }

            // Connecting: the connect goes on; Attach closes the socket once it has opened, a failure settles it.
        }

        return CloseCompletion;
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    /// <returns>A task that completes when the socket is closed.</returns>
    public ValueTask DisposeAsync() => new(CloseAsync());

    internal static WorkerSocket Start(WorkerContext scope, string host, int port, string remoteAddress, SocketOptions options)
    {
        var socket = new WorkerSocket(scope, host, port, remoteAddress, options, options.SecureTransport);
        socket._holdsSlot = scope.Adopt(socket) ? 1 : 0;
        _ = socket.ConnectAsync();
        return socket;
    }

    /// <summary>Whether the handler called <see cref="CloseAsync"/> (or disposed the socket).</summary>
    internal bool CloseRequested => _closeRequested;

    internal void EnsureReadable(bool endOfStreamSeen)
    {
        _scope.EnsureCurrent();

        // As workerd, whose close() marks the readable as closing for good: after CloseAsync a read says so, even when
        // the connect failed meanwhile (Opened and Closed carry that).
        if (_closeRequested && !endOfStreamSeen)
        {
            throw new InvalidOperationException(SocketErrors.ReadableClosing);
        }

        if (_failure is { } failure)
        {
            throw new IOException(failure.Message, failure);
        }

        if (!endOfStreamSeen && _state.Current is SocketState.Closing or SocketState.Closed or SocketState.Upgraded)
        {
            throw new InvalidOperationException(SocketErrors.ReadableClosing);
        }
    }

    /// <summary>
    /// For bytes the handler wrote before the socket opened, once it has: they still go out if a close, an end or an
    /// upgrade began meanwhile (those wait for them), unless the connection failed or is gone.
    /// </summary>
    internal void EnsureQueuedBytesCanBeSent()
    {
        if (_failure is { } failure)
        {
            throw new IOException(failure.Message, failure);
        }
    }

    internal void EnsureWritable()
    {
        _scope.EnsureCurrent();

        // As workerd: after CloseAsync a write says the writable is closing while the close still waits for the
        // connection, and closed once the connect has settled, whichever way (Opened and Closed carry a failure).
        if (_closeRequested)
        {
            throw new InvalidOperationException(_opened.Task.IsCompleted ? SocketErrors.WritableClosed : SocketErrors.WritableClosing);
        }

        // As workerd: once a write has found the connection lost, the writable reports itself closed; after a read found
        // it, writes report the loss.
        if (_failure is { } failure && !_writeLostConnection)
        {
            throw new IOException(failure.Message, failure);
        }

        if (_writingEnded || _state.Current is SocketState.Closing or SocketState.Closed or SocketState.Upgraded)
        {
            throw new InvalidOperationException(SocketErrors.WritableClosed);
        }
    }

    /// <summary>Turns a transport read error into what the handler sees, failing the socket if the network broke.</summary>
    /// <param name="error">The transport's error.</param>
    /// <param name="wasPending">Whether the read was waiting for data when it failed (a close cuts such a read short).</param>
    internal Exception OnReadFailed(Exception error, bool wasPending = false)
        => OnTransportFailed(error, wasPending && _closeRequested ? SocketErrors.SocketClosed : SocketErrors.ReadableClosing, byWrite: false);

    internal Exception OnWriteFailed(Exception error) => OnTransportFailed(error, SocketErrors.WritableClosed, byWrite: true);

    /// <summary>A read saw the peer's end of stream; without half-open the writable side follows it.</summary>
    /// <remarks>With half-open the socket stays open, as in workerd, even once both sides have ended: only CloseAsync closes it.</remarks>
    internal void OnPeerEnded()
    {
        if (!_options.AllowHalfOpen && _state.TryMoveTo(SocketState.Closing))
        {
            _ = FlushAndCloseAsync();
        }
    }

    /// <summary>The handler completed <see cref="Writable"/>: flush and send FIN; without half-open the socket closes once the peer has ended too.</summary>
    /// <remarks>
    /// A failure is reported through <see cref="Closed"/>, so the returned task never faults. Completed before the socket
    /// opened, the end waits for the connection (as workerd queues <c>writer.close()</c> behind the writes), so the bytes
    /// written meanwhile go out first and the FIN follows them.
    /// </remarks>
    internal Task EndWriting(Exception? failure)
    {
        if (_writingEnded || _state.Current is not (SocketState.Queued or SocketState.Connecting or SocketState.Open))
        {
            return Task.CompletedTask;
        }

        _scope.EnsureCurrent();
        _writingEnded = true;
        if (failure is not null)
        {
            Finish(failure);
            return Task.CompletedTask;
        }

        return EndWritingAsync();
    }

    /// <summary>Ends the socket: the one place that moves it to <see cref="SocketState.Closed"/> and settles its tasks.</summary>
    internal void Finish(Exception? error, bool closedCleanly = false)
    {
        SocketTransport? transport;
        lock (Gate)
        {
            if (!_state.TryMoveTo(SocketState.Closed))
            {
                // A socket upgraded before it connected still owes its Opened task to the socket that replaced it.
                if (error is not null && _state.Current == SocketState.Upgraded && _opened.TrySetException(error))
                {
                    _ = _opened.Task.Exception;
                }

                return;
            }

            transport = _transport;
            _transport = null;
            if (!closedCleanly)
            {
                _failure = error;
            }
        }

        EndLifetime();
        _readable.Release();
        _writable.Release();
        transport?.Dispose(abortive: error is not null && !closedCleanly);
        ReleaseSlot();
        _scope.Forget(this);
        // Opened has usually completed long before; the exception is made only when it is still pending.
        if (!_opened.Task.IsCompleted && _opened.TrySetException(error ?? new IOException(SocketErrors.ClosedBeforeOpen)))
        {
            _ = _opened.Task.Exception; // the failure reaches whoever awaits Opened; nobody has to
        }

        if (error is null || closedCleanly)
        {
            _closed.TrySetResult();
        }
        else if (_closed.TrySetException(error))
        {
            _ = _closed.Task.Exception;
        }
    }

    /// <summary>Ends the socket because its request ended or was aborted.</summary>
    internal void Abort(string reason)
    {
        string message = _state.Current is SocketState.Queued or SocketState.Connecting ? SocketErrors.ScopeEndedBeforeOpen : reason;
        Finish(new IOException(message));
    }

    private Exception OnTransportFailed(Exception error, string closingMessage, bool byWrite)
    {
        if (_failure is { } failure)
        {
            return new IOException(failure.Message, failure);
        }

        if (_state.Current is SocketState.Closing or SocketState.Closed or SocketState.Upgraded)
        {
            return new InvalidOperationException(closingMessage, error);
        }

        if (error is SocketException or IOException { InnerException: SocketException })
        {
            // As workerd: this read or write fails with "Network connection lost." (later reads too; later writes as well
            // when a read found the loss, else they find the stream closed), and Closed completes.
            var lost = new IOException(SocketErrors.ConnectionLost, error);
            lock (Gate)
            {
                _writeLostConnection = _failure is null && byWrite;
                _failure ??= lost;
            }

            Finish(lost, closedCleanly: true);
            return _failure ?? lost;
        }

        Finish(error);
        return error;
    }

    /// <summary>What <see cref="CloseAsync"/> returns: completes when <see cref="Closed"/> settles, whether or not it faulted.</summary>
    private Task CloseCompletion
    {
        get
        {
            if (_closeCompletion is { } made)
            {
                return made;
            }

            var closed = _closed.Task;
            var completion = closed.IsCompletedSuccessfully
                ? closed
                : closed.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return Interlocked.CompareExchange(ref _closeCompletion, completion, null) ?? completion;
        }
    }

    private async Task FlushAndCloseAsync()
    {
        try
        {
            await _writable.FlushQueuedAsync().ConfigureAwait(false);
            if (_transport is { } transport && !_writingEnded)
            {
                await transport.ShutdownBeforeCloseAsync().ConfigureAwait(false);
            }

            Finish(null, closedCleanly: true);
        }
        catch (Exception e)
        {
            Finish(e);
        }
    }

    private async Task EndWritingAsync()
    {
        try
        {
            if (!_opened.Task.IsCompleted)
            {
                // WhenAny never throws: a failed connect is reported by Opened and Closed, and leaves nothing to end.
                await Task.WhenAny(_opened.Task).ConfigureAwait(false);
                if (!_opened.Task.IsCompletedSuccessfully)
                {
                    return;
                }
            }

            await _writable.FlushQueuedAsync().ConfigureAwait(false);
            if (_transport is { } transport)
            {
                await transport.ShutdownSendAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Finish(e);
        }
    }

    /// <summary>Cancels the socket's background work (slot wait, lookup, handshake) once it ends; a token asked for afterwards is already canceled.</summary>
    private CancellationToken LifetimeToken
    {
        get
        {
            lock (Gate)
            {
                return _lifetimeEnded ? new CancellationToken(canceled: true) : (_lifetime ??= new()).Token;
            }
        }
    }

    /// <summary>Stops the socket's background work: cancels <see cref="LifetimeToken"/> and disposes a connect attempt in flight.</summary>
    private void EndLifetime()
    {
        CancellationTokenSource? lifetime;
        Socket? connecting;
        lock (Gate)
        {
            _lifetimeEnded = true;
            lifetime = _lifetime;
            connecting = _connecting;
            _connecting = null;
        }

        lifetime?.Cancel();
        connecting?.Dispose();
    }

    /// <summary>Registers the socket being connected so <see cref="EndLifetime"/> can stop it; throws if the lifetime already ended.</summary>
    private void TrackConnectAttempt(Socket attempt)
    {
        lock (Gate)
        {
            if (!_lifetimeEnded)
            {
                _connecting = attempt;
                return;
            }
        }

        ThrowIfLifetimeEnded();
    }

    private void UntrackConnectAttempt()
    {
        lock (Gate)
        {
            _connecting = null;
        }
    }

    /// <summary>What a canceled connect reported before: the socket ended while its connection was being made.</summary>
    private void ThrowIfLifetimeEnded()
    {
        if (Volatile.Read(ref _lifetimeEnded))
        {
            throw new OperationCanceledException(new CancellationToken(canceled: true));
        }
    }

    private void ReleaseSlot()
    {
        if (Interlocked.Exchange(ref _holdsSlot, 0) == 1)
        {
            _scope.ReleaseSlot();
        }
    }
}
