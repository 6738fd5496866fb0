using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace WorkerSockets.Hosting;

/// <summary>
/// The request scopes still running after their response: their <c>WaitUntil</c> work finishes off the request pipeline
/// (so a keep-alive connection is free for its next request), and shutdown waits for them here.
/// </summary>
internal sealed class WorkerScopeTracker
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Tracks <paramref name="scope"/> until it ends; the task must not fault (the handler logs its own failures).</summary>
    public void Track(Task scope)
    {
        _running.TryAdd(scope, 0);
        _ = scope.ContinueWith(
            static (ended, running) => ((ConcurrentDictionary<Task, byte>)running!).TryRemove(ended, out _),
            _running,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Waits until every tracked scope (including ones that start meanwhile) has ended.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (!_running.IsEmpty)
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>On shutdown, waits (within the host's shutdown timeout) for scopes still finishing their <c>WaitUntil</c> work.</summary>
internal sealed class WorkerScopeDrainService(WorkerScopeTracker tracker) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tracker.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown timeout passed; the scopes' sockets go with the process.
        }
    }
}
