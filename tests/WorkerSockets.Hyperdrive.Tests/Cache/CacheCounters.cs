using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>
/// The cache's counters as <c>dotnet-counters</c> sees them, read through a <see cref="MeterListener"/> from the moment
/// this is made. Every test that reads them is in the origin collection, so no other cache counts meanwhile.
/// </summary>
public sealed class CacheCounters : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private readonly MeterListener _listener;
    private readonly Lock _gate = new();
    private readonly List<(string Name, long Total, TaskCompletionSource Reached)> _waits = new();

    /// <summary>Starts listening.</summary>
    public CacheCounters()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "WorkerSockets.Hyperdrive.Cache")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            long total = _totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            lock (_gate)
            {
                foreach (var wait in _waits.Where(w => w.Name == instrument.Name && total >= w.Total))
                {
                    wait.Reached.TrySetResult();
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The total of one counter, e.g. <c>hyperdrive.cache.hits</c>.</summary>
    /// <param name="name">The instrument's name.</param>
    public long this[string name] => _totals.GetValueOrDefault(name);

    /// <summary>Completes when <paramref name="name"/> has counted <paramref name="total"/> (signalled by the count itself).</summary>
    /// <param name="name">The instrument's name.</param>
    /// <param name="total">The total to reach.</param>
    /// <returns>A task that completes then.</returns>
    public Task ReachedAsync(string name, long total)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waits.Add((name, total, reached));
            if (this[name] >= total)
            {
                reached.TrySetResult();
            }
        }

        return reached.Task;
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();
}
