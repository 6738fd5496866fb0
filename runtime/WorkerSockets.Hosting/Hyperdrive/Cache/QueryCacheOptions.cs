namespace WorkerSockets.Hosting.Hyperdrive.Cache;

/// <summary>A pool's cache settings, copied from <see cref="HyperdrivePoolOptions"/> when the pool is made.</summary>
internal sealed record QueryCacheOptions(TimeSpan MaxAge, TimeSpan StaleWhileRevalidate, long SizeLimit, int MaxResultSize, TimeProvider Time);
