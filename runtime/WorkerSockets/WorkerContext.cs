using Microsoft.Extensions.Logging;

namespace WorkerSockets;

/// <summary>One request's scope: the sockets it opened and the work it asked to finish after the response.</summary>
public sealed class WorkerContext
{
    private WorkerContext()
    {
    }

    /// <summary>Keeps the request alive until <paramref name="task"/> finishes (at most 30 seconds after the response).</summary>
    /// <param name="task">Work that should finish after the response is sent.</param>
    public void WaitUntil(Task task) => throw new NotImplementedException();

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
        => throw new NotImplementedException();
}
