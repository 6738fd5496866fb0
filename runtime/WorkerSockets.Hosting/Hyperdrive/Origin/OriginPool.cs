using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Origin;

/// <summary>Why a client could not get an origin connection; each becomes an ErrorResponse with its own SQLSTATE.</summary>
internal sealed class OriginUnavailableException : Exception
{
    public OriginUnavailableException(string sqlState, string message, Exception? inner = null)
        : base(message, inner) => SqlState = sqlState;

    public string SqlState { get; }
}

/// <summary>
/// The bounded set of origin connections: opened lazily up to the maximum, reused last-in first-out so few stay warm,
/// closed after the idle timeout, replaced when broken. Waiters queue in order on a semaphore with a timeout.
/// </summary>
internal sealed class OriginPool : IAsyncDisposable
{
    private readonly OriginSettings _settings;
    private readonly SocketPolicy _tls;
    private readonly HyperdrivePoolOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _capacity;
    private readonly Stack<OriginConnection> _idle = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task _idleSweeper;
    private IReadOnlyList<byte[]>? _parameterStatuses;
    private int _open;

    public OriginPool(OriginSettings settings, SocketPolicy tls, HyperdrivePoolOptions options, ILogger logger)
    {
        _settings = settings;
        _tls = tls;
        _options = options;
        _logger = logger;
        _capacity = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        _idleSweeper = SweepIdleAsync(_disposed.Token);
    }

    /// <summary>How many origin connections are open (idle or leased).</summary>
    public int OpenCount => Volatile.Read(ref _open);

    /// <summary>How many sit idle in the pool.</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>The origin's ParameterStatus bodies, from the first connection that logged in (opening one if none has).</summary>
    public async ValueTask<IReadOnlyList<byte[]>> GetParameterStatusesAsync(CancellationToken cancellationToken)
    {
        if (_parameterStatuses is { } known)
        {
            return known;
        }

        var connection = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        await ReturnAsync(connection, reusable: true).ConfigureAwait(false);
        return _parameterStatuses!;
    }

    /// <summary>Waits for capacity, then takes a live idle connection or opens a new one.</summary>
    /// <exception cref="OriginUnavailableException">The wait timed out, or the origin cannot be reached.</exception>
    public async Task<OriginConnection> AcquireAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (!await _capacity.WaitAsync(_options.AcquireTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new OriginUnavailableException(PgSqlState.TooManyConnections,
                $"Hyperdrive: no origin connection became free within {_options.AcquireTimeout.TotalSeconds:0.###} s (all {_options.MaxConnections} are in use).");
        }

        try
        {
            while (TakeIdle() is { } idle)
            {
                if (!idle.LooksClosedWhileIdle())
                {
                    idle.State = OriginConnectionState.Leased;
                    return idle;
                }

                HyperdriveLog.OriginConnectionDroppedWhileIdle(_logger);
                await CloseAsync(idle).ConfigureAwait(false);
            }

            return await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _capacity.Release();
            throw;
        }
    }

    /// <summary>Gives a connection back: to the idle stack when clean, closed otherwise; frees its capacity either way.</summary>
    public async ValueTask ReturnAsync(OriginConnection connection, bool reusable)
    {
        try
        {
            if (reusable && connection.State == OriginConnectionState.Leased && !_disposed.IsCancellationRequested)
            {
                connection.State = OriginConnectionState.Idle;
                connection.IdleSinceTicks = Environment.TickCount64;
                lock (_idle)
                {
                    _idle.Push(connection);
                }
            }
            else
            {
                await CloseAsync(connection).ConfigureAwait(false);
            }
        }
        finally
        {
            _capacity.Release();
        }
    }

    /// <summary>Opens a connection for one CancelRequest, to the same address and with the same TLS as the pool's own; not counted against the maximum.</summary>
    /// <exception cref="OriginException">The origin cannot be reached.</exception>
    /// <exception cref="OperationCanceledException">The connect timeout passed or <paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<OriginCancel> ConnectForCancelAsync(CancellationToken cancellationToken)
        => OriginCancel.ConnectAsync(_settings, _tls, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        await _idleSweeper.ConfigureAwait(false);
        while (TakeIdle() is { } idle)
        {
            await CloseAsync(idle).ConfigureAwait(false);
        }

        _disposed.Dispose();
    }

    private async Task<OriginConnection> OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            var connection = await OriginConnection.OpenAsync(_settings, _tls, timeout.Token).ConfigureAwait(false);
            _parameterStatuses ??= connection.ParameterStatuses;
            Interlocked.Increment(ref _open);
            HyperdriveLog.OriginConnectionOpened(_logger, _settings.ToString(), OpenCount);
            return connection;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OriginUnavailableException(PgSqlState.CannotConnect,
                $"Hyperdrive could not connect to the origin database within {_options.ConnectTimeout.TotalSeconds:0.###} s.", e);
        }
        catch (OriginException e)
        {
            HyperdriveLog.OriginConnectFailed(_logger, e, _settings.ToString());
            throw new OriginUnavailableException(PgSqlState.CannotConnect, $"Hyperdrive could not connect to the origin database: {e.Message}", e);
        }
    }

    private OriginConnection? TakeIdle()
    {
        lock (_idle)
        {
            return _idle.TryPop(out var connection) ? connection : null;
        }
    }

    private async ValueTask CloseAsync(OriginConnection connection)
    {
        Interlocked.Decrement(ref _open);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task SweepIdleAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.IdleTimeout.TotalMilliseconds / 4, 50, 30_000));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var expired in TakeExpired())
                {
                    await CloseAsync(expired).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The pool is being disposed.
        }
    }

    private List<OriginConnection> TakeExpired()
    {
        long oldest = Environment.TickCount64 - (long)_options.IdleTimeout.TotalMilliseconds;
        var expired = new List<OriginConnection>();
        lock (_idle)
        {
            if (_idle.Count == 0)
            {
                return expired;
            }

            // The stack's bottom holds the longest-idle connections; keep the order of the rest.
            var keep = new List<OriginConnection>(_idle.Count);
            foreach (var connection in _idle)
            {
                (connection.IdleSinceTicks <= oldest ? expired : keep).Add(connection);
            }

            _idle.Clear();
            for (int i = keep.Count - 1; i >= 0; i--)
            {
                _idle.Push(keep[i]);
            }
        }

        return expired;
    }
}
