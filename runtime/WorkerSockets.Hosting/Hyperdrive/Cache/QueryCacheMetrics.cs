using System.Diagnostics.Metrics;

namespace WorkerSockets.Hosting.Hyperdrive.Cache;

/// <summary>The query cache's counters, under the meter <c>WorkerSockets.Hyperdrive.Cache</c> (<c>dotnet-counters monitor --counters WorkerSockets.Hyperdrive.Cache</c>).</summary>
internal static class QueryCacheMetrics
{
    public const string MeterName = "WorkerSockets.Hyperdrive.Cache";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Hits = Meter.CreateCounter<long>("hyperdrive.cache.hits", description: "Queries answered from the cache while fresh.");

    public static readonly Counter<long> Misses = Meter.CreateCounter<long>("hyperdrive.cache.misses", description: "Cacheable queries not answered from an entry (each one either asks the origin or waits for the query already asking it: see coalesced).");

    public static readonly Counter<long> Coalesced = Meter.CreateCounter<long>("hyperdrive.cache.coalesced", description: "Misses answered by another client's origin query for the same key, already under way.");

    public static readonly Counter<long> StaleServed = Meter.CreateCounter<long>("hyperdrive.cache.stale_served", description: "Queries answered with a stale entry while it was refreshed.");

    public static readonly Counter<long> Evictions = Meter.CreateCounter<long>("hyperdrive.cache.evictions", description: "Entries removed to stay under the size limit.");

    public static readonly UpDownCounter<long> Bytes = Meter.CreateUpDownCounter<long>("hyperdrive.cache.bytes", unit: "By", description: "Bytes of replies held in the cache.");
}
