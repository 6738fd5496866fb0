namespace WorkerSockets.Hosting.Hyperdrive;

/// <summary>How a <see cref="HyperdrivePool"/> sizes and times its origin connections and guards its clients.</summary>
public sealed class HyperdrivePoolOptions
{
    /// <summary>The most origin connections the pool holds open at once (per binding). Default 20.</summary>
    public int MaxConnections { get; set; } = 20;

    /// <summary>An origin connection unused for this long is closed. Default 5 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A client that waits this long for an origin connection gets an <c>ErrorResponse</c> (SQLSTATE 53300). Default 10 s.</summary>
    public TimeSpan AcquireTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening and authenticating one origin connection may take before it counts as down. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long cleaning an origin connection after a client left mid-transaction (draining, <c>ROLLBACK</c>,
    /// <c>DISCARD ALL</c>) may take; past it the connection is closed instead of reused. Default 5 s.
    /// </summary>
    public TimeSpan ResetTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The SCRAM-SHA-256 iteration count clients must compute at each login. Default 4096 (RFC 7677's minimum), right
    /// for a password a person chose. The key stretching only slows guessing; a host-generated random password cannot
    /// be guessed, so a host that generates one may lower this (to 1) and save every per-request login the client-side
    /// PBKDF2 cost.
    /// </summary>
    public int ClientScramIterations { get; set; } = 4096;

    /// <summary>The largest message a client may send, in bytes; a larger one is a protocol violation (08P01). Default 64 MiB.</summary>
    public int MaxClientMessageSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Whether read-only queries outside transactions are answered from a cache (simple and extended protocol; see
    /// docs/hyperdrive.md). Default true, as on the platform, so local runs serve what production serves; turn it off
    /// for a binding whose reads must always be fresh.
    /// </summary>
    public bool CacheEnabled { get; set; } = true;

    /// <summary>How long a cached result is served as fresh (the platform's <c>max_age</c>). Default 60 s.</summary>
    public TimeSpan CacheMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long past <see cref="CacheMaxAge"/> a result is still served while one background query refreshes it (the
    /// platform's <c>stale_while_revalidate</c>). Default 15 s; zero serves nothing stale.
    /// </summary>
    public TimeSpan CacheStaleWhileRevalidate { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most bytes the binding's cache holds; the least recently used results go first. Default 64 MiB.</summary>
    public long CacheSizeLimit { get; set; } = 64L * 1024 * 1024;

    /// <summary>A single result larger than this many bytes is never cached. Default 1 MiB.</summary>
    public int CacheMaxResultSize { get; set; } = 1024 * 1024;

    /// <summary>The clock cache ages are measured with. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider CacheTimeProvider { get; set; } = TimeProvider.System;
}
