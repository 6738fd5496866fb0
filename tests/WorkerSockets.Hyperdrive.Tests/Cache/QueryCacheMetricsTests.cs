using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>The counters <c>dotnet-counters</c> shows, read here through a <see cref="MeterListener"/>.</summary>
[Collection(OriginCollection.Name)]
public sealed class QueryCacheMetricsTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Hits_misses_stale_serves_and_bytes_are_counted()
    {
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "WorkerSockets.Hyperdrive.Cache")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.Start();

        await using var pool = await CachedPool.StartAsync(origin, configure: o =>
        {
            o.CacheMaxAge = TimeSpan.FromSeconds(10);
            o.CacheStaleWhileRevalidate = TimeSpan.FromSeconds(10);
        });
        await using var client = await pool.ClientAsync();
        const string read = "SELECT count(*) FROM items WHERE id < 50";

        Assert.Equal("49", await client.ScalarAsync(read)); // miss
        Assert.Equal("49", await client.ScalarAsync(read)); // hit
        Assert.Equal("49", await client.ScalarAsync(read)); // hit
        pool.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("49", await client.ScalarAsync(read)); // stale, refreshed in the background
        await client.ScalarAsync("SELECT random()"); // not cacheable: counted nowhere

        Assert.Equal(1, totals.GetValueOrDefault("hyperdrive.cache.misses"));
        Assert.Equal(2, totals.GetValueOrDefault("hyperdrive.cache.hits"));
        Assert.Equal(1, totals.GetValueOrDefault("hyperdrive.cache.stale_served"));
        Assert.True(totals.GetValueOrDefault("hyperdrive.cache.bytes") > 0, "the stored reply's bytes are counted");
    }
}
