using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using WorkerSockets.Internal;

namespace WorkerSockets;

/// <summary>One request's scope: the sockets it opened and the work it asked to finish after the response.</summary>
public sealed partial class WorkerContext
{
    /// <summary>Open sockets allowed at once in one request, as on the platform; more are queued.</summary>
    internal const int MaxOpenSockets = 6;

    private static readonly AsyncLocal<WorkerContext?> CurrentScope = new();
    private static readonly TimeSpan DefaultWaitUntilLimit = TimeSpan.FromSeconds(30);

    private readonly ILogger? _logger;
    private readonly TimeSpan _waitUntilLimit;
    private bool _clientGone;
    private readonly List<WorkerSocket> _sockets = []; // a handful at a time; a list is a third of a set's allocations
    private List<Task>? _waitUntil; // made by the first WaitUntil: most requests have none
    private int _slotsTaken; // counts slots while no socket has had to queue; then _slots takes over
    private SemaphoreSlim? _slots; // made when a seventh socket has to wait: most requests never queue one
    private volatile bool _ended;

    private WorkerContext(SocketPolicy policy, ILogger? logger, TimeSpan waitUntilLimit, InProcessDestinations destinations)
    {
        Policy = policy;
        _logger = logger;
        _waitUntilLimit = waitUntilLimit;
        Destinations = destinations;
    }

    internal static WorkerContext? Current => CurrentScope.Value;

    // The private socket list is never handed out, so it serves as the scope's lock: one object fewer per request.
    private object Gate => _sockets;

    internal SocketPolicy Policy { get; }

    /// <summary>Addresses the host serves in process; a connect to one of them skips DNS, TCP and the policy.</summary>
    internal InProcessDestinations Destinations { get; }

    internal bool HasEnded => _ended;

    /// <summary>Keeps the request alive until <paramref name="task"/> finishes (at most 30 seconds after the response).</summary>
    /// <param name="task">Work that should finish after the response is sent.</param>
    /// <exception cref="InvalidOperationException">The request has already ended.</exception>
    public void WaitUntil(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (Gate)
        {
            if (_ended)
            {
                throw new InvalidOperationException(SocketErrors.ScopeEnded);
            }

            (_waitUntil ??= []).Add(task);
        }
    }

    /// <summary>
    /// Runs <paramref name="handler"/> as one request scope: sockets opened inside belong to it, and when the handler and
    /// every <see cref="WaitUntil"/> task finish, sockets still open are aborted.
    /// </summary>
    /// <param name="handler">The request handler.</param>
    /// <param name="policy">Where sockets may connect; <see cref="SocketPolicy.Production"/> when <see langword="null"/>.</param>
    /// <param name="logger">Receives leaked-socket and scope messages; none when <see langword="null"/>.</param>
    /// <param name="requestAborted">Signals that the client went away: open sockets are aborted at once.</param>
    /// <returns>A task that completes when the scope has ended.</returns>
    public static Task RunAsync(Func<WorkerContext, Task> handler, SocketPolicy? policy = null, ILogger? logger = null, CancellationToken requestAborted = default)
        => RunAsync(handler, policy, logger, requestAborted, DefaultWaitUntilLimit);

    /// <summary>
    /// Runs <paramref name="handler"/> as one request scope with a host's <paramref name="options"/>: its policy, its logger,
    /// and the addresses it serves in process (see <see cref="InProcessDestinations"/>).
    /// </summary>
    /// <param name="handler">The request handler.</param>
    /// <param name="options">The host's scope options, shared by its requests.</param>
    /// <param name="requestAborted">Signals that the client went away: open sockets are aborted at once.</param>
    /// <returns>A task that completes when the scope has ended.</returns>
    public static Task RunAsync(Func<WorkerContext, Task> handler, WorkerContextOptions options, CancellationToken requestAborted = default)
    {
        if (options is null)
        {
            return Task.FromException(new ArgumentNullException(nameof(options)));
        }

        return RunAsync(handler, options.Policy, options.Logger, requestAborted, DefaultWaitUntilLimit, options.Destinations);
    }

    /// <summary>As the public overloads, with the cap on <see cref="WaitUntil"/> work after the handler made explicit (tests shorten it).</summary>
    internal static Task RunAsync(Func<WorkerContext, Task> handler, SocketPolicy? policy, ILogger? logger, CancellationToken requestAborted, TimeSpan waitUntilLimit, InProcessDestinations? destinations = null)
    {
        if (handler is null)
        {
            return Task.FromException(new ArgumentNullException(nameof(handler)));
        }

        var scope = new WorkerContext(policy ?? SocketPolicy.Production, logger, waitUntilLimit, destinations ?? InProcessDestinations.Empty);
        var abortRegistration = requestAborted.Register(static s => ((WorkerContext)s!).OnClientGone(), scope);
        return RunScopeAsync(handler, scope, abortRegistration);
    }

    // Split from RunAsync so the boxed state machine carries only what lives across the awaits.
    private static async Task RunScopeAsync(Func<WorkerContext, Task> handler, WorkerContext scope, CancellationTokenRegistration abortRegistration)
    {
        using var registration = abortRegistration;

        // Set inside this async method, the scope flows into the handler and is restored for the caller on return.
        CurrentScope.Value = scope;
        ExceptionDispatchInfo? handlerFailure = null;
        try
        {
            await handler(scope).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            handlerFailure = ExceptionDispatchInfo.Capture(e);
        }

        await scope.DrainWaitUntilAsync().ConfigureAwait(false);
        scope.End();
        handlerFailure?.Throw();
    }

    /// <summary>
    /// For a host that answers before the scope ends (its response must not wait for <see cref="WaitUntil"/> work): a new
    /// scope, not yet current. The host calls <see cref="MakeCurrent"/> inside its own async method, so the scope flows
    /// into the handler and is restored for the host's caller on return, then <see cref="FinishAsync"/> once it has
    /// answered. <see cref="RunAsync(Func{WorkerContext, Task}, WorkerContextOptions, CancellationToken)"/> does all three.
    /// </summary>
    internal static WorkerContext Begin(WorkerContextOptions options)
        => new(options.Policy ?? SocketPolicy.Production, options.Logger, DefaultWaitUntilLimit, options.Destinations);

    /// <summary>Makes this scope the current one for the calling async method and what it starts.</summary>
    internal void MakeCurrent() => CurrentScope.Value = this;

    /// <summary>Ends the scope when <paramref name="requestAborted"/> fires (the client went away) until the registration is disposed.</summary>
    internal CancellationTokenRegistration EndWhenClientGone(CancellationToken requestAborted)
        => requestAborted.Register(static s => ((WorkerContext)s!).OnClientGone(), this);

    /// <summary>After the handler: waits for its <see cref="WaitUntil"/> work (within the limit), then ends the scope.</summary>
    internal async Task FinishAsync()
    {
        await DrainWaitUntilAsync().ConfigureAwait(false);
        End();
    }

    /// <summary>Throws the global-scope error outside any handler, and refuses a scope that has ended.</summary>
    internal static WorkerContext RequireForConnect()
    {
        var scope = Current ?? throw new InvalidOperationException(SocketErrors.GlobalScope);
        if (scope._ended)
        {
            throw new InvalidOperationException(SocketErrors.ScopeEnded);
        }

        return scope;
    }

    /// <summary>Throws the cross-request error unless the caller runs in this scope and the scope is still live.</summary>
    internal void EnsureCurrent()
    {
        if (!ReferenceEquals(CurrentScope.Value, this) || _ended)
        {
            throw new InvalidOperationException(_ended ? SocketErrors.RequestEnded : SocketErrors.CrossRequest);
        }
    }

    /// <summary>Tracks a new socket; returns whether it got one of the six slots at once.</summary>
    internal bool Adopt(WorkerSocket socket, bool takesSlot = true)
    {
        SemaphoreSlim slots;
        lock (Gate)
        {
            _sockets.Add(socket);
            if (!takesSlot)
            {
                return false;
            }

            if (_slots is null)
            {
                if (_slotsTaken < MaxOpenSockets)
                {
                    _slotsTaken++;
                    return true;
                }

                // Every slot is taken: from now on the semaphore counts the free ones and queues the waiters.
                _slots = new SemaphoreSlim(0, MaxOpenSockets);
            }

            slots = _slots;
        }

        return slots.Wait(0);
    }

    internal void Forget(WorkerSocket socket)
    {
        lock (Gate)
        {
            _sockets.Remove(socket);
        }
    }

    /// <summary>Waits for a socket slot; never past the end of the request.</summary>
    /// <remarks>Called only after <see cref="Adopt"/> found no free slot, which made the semaphore.</remarks>
    internal Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        SemaphoreSlim slots;
        lock (Gate)
        {
            slots = _slots ?? throw new InvalidOperationException("A socket waits for a slot although none was ever missing.");
        }

        return slots.WaitAsync(cancellationToken);
    }

    internal void ReleaseSlot()
    {
        SemaphoreSlim slots;
        lock (Gate)
        {
            if (_slots is null)
            {
                _slotsTaken--;
                return;
            }

            slots = _slots;
        }

        slots.Release();
    }

    private async Task DrainWaitUntilAsync()
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (true)
        {
            Task[] pending;
            lock (Gate)
            {
                pending = _waitUntil is { Count: > 0 } waitUntil ? [.. waitUntil] : [];
                _waitUntil?.Clear();
            }

            if (pending.Length == 0)
            {
                return;
            }

            var remaining = _waitUntilLimit - TimeProvider.System.GetElapsedTime(deadline);
            try
            {
                await Task.WhenAll(pending).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                if (_logger is not null)
                {
                    LogWaitUntilTimedOut(_logger, _waitUntilLimit.TotalSeconds);
                }

                return;
            }
            catch (Exception)
            {
                // Each failure is logged below; the request still ends normally.
            }

            foreach (var task in pending)
            {
                if (task.IsFaulted && _logger is not null)
                {
                    // The client leaving aborts the request's sockets; work failing for that is expected (workerd logs nothing).
                    if (Volatile.Read(ref _clientGone))
                    {
                        LogWaitUntilEndedByClient(_logger, task.Exception.InnerException ?? task.Exception);
                    }
                    else
                    {
                        LogWaitUntilFailed(_logger, task.Exception.InnerException ?? task.Exception);
                    }
                }
            }
        }
    }

    private void OnClientGone()
    {
        Volatile.Write(ref _clientGone, true);
        AbortSockets(SocketErrors.RequestAborted, logLeaks: false);
    }

    private void End()
    {
        lock (Gate)
        {
            _ended = true;
        }

        AbortSockets(SocketErrors.AbortedAtScopeEnd, logLeaks: true);
    }

    private void AbortSockets(string reason, bool logLeaks)
    {
        WorkerSocket[] open;
        lock (Gate)
        {
            open = [.. _sockets];
        }

        // Queued sockets go first, so that slots freed by the others cannot let them connect.
        Array.Sort(open, static (a, b) => (b.State == SocketState.Queued).CompareTo(a.State == SocketState.Queued));
        foreach (var socket in open)
        {
            if (logLeaks && _logger is not null && socket.State is SocketState.Queued or SocketState.Connecting or SocketState.Open)
            {
                LogSocketLeaked(_logger, socket.RemoteAddress);
            }

            socket.Abort(reason);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "A WorkerSocket to {RemoteAddress} was still open when its request ended; it was aborted. Close sockets with `await using`, or pass CloseAsync() to ctx.WaitUntil.")]
    private static partial void LogSocketLeaked(ILogger logger, string remoteAddress);

    [LoggerMessage(2, LogLevel.Warning, "WaitUntil work was still running {Seconds} s after the handler returned; the request ends now and its open sockets are aborted.")]
    private static partial void LogWaitUntilTimedOut(ILogger logger, double seconds);

    [LoggerMessage(3, LogLevel.Error, "A WaitUntil task failed.")]
    private static partial void LogWaitUntilFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "A WaitUntil task ended with an error after the client went away.")]
    private static partial void LogWaitUntilEndedByClient(ILogger logger, Exception exception);
}
