using System.IO.Pipelines;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Hyperdrive.Cache;
using WorkerSockets.Hosting.Hyperdrive.Client;
using WorkerSockets.Hosting.Hyperdrive.Origin;

namespace WorkerSockets.Hosting.Hyperdrive;

/// <summary>
/// A transaction-mode PostgreSQL pooler, in process and independent of its transport: each client connection is served
/// by <see cref="ServeAsync(IDuplexPipe, HyperdriveClientTransport, CancellationToken)"/>, and holds an origin connection only from the first message of a transaction to its end.
/// </summary>
public sealed class HyperdrivePool : IAsyncDisposable
{
    private readonly PoolContext _context;
    private readonly ILogger _logger;

    /// <summary>Creates a pool; no origin connection opens until a client needs one.</summary>
    /// <param name="originConnectionString">The origin's <c>postgres://user:password@host:port/db?sslmode=...</c> URL (or libpq key=value form).</param>
    /// <param name="clientCredentials">What clients must present.</param>
    /// <param name="options">Sizes and timeouts.</param>
    /// <param name="originTls">Its <see cref="SocketPolicy.TrustedRoots"/> are trusted for the origin's TLS, beside the system store.</param>
    /// <param name="logger">Where the pool logs.</param>
    /// <exception cref="FormatException">The origin connection string is malformed (the message never contains it).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public HyperdrivePool(string originConnectionString, HyperdriveClientCredentials clientCredentials, HyperdrivePoolOptions options, SocketPolicy originTls, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(originConnectionString);
        ArgumentNullException.ThrowIfNull(clientCredentials);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(originTls);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1, nameof(options.MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.IdleTimeout, TimeSpan.Zero, nameof(options.IdleTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.AcquireTimeout, TimeSpan.Zero, nameof(options.AcquireTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options.ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ResetTimeout, TimeSpan.Zero, nameof(options.ResetTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxClientMessageSize, 1024, nameof(options.MaxClientMessageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ClientScramIterations, 1, nameof(options.ClientScramIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CacheMaxAge, TimeSpan.Zero, nameof(options.CacheMaxAge));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CacheStaleWhileRevalidate, TimeSpan.Zero, nameof(options.CacheStaleWhileRevalidate));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CacheSizeLimit, 1, nameof(options.CacheSizeLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CacheMaxResultSize, 1, nameof(options.CacheMaxResultSize));
        ArgumentNullException.ThrowIfNull(options.CacheTimeProvider, nameof(options.CacheTimeProvider));

        var settings = OriginSettings.Parse(originConnectionString);
        var snapshot = new HyperdrivePoolOptions
        {
            MaxConnections = options.MaxConnections,
            IdleTimeout = options.IdleTimeout,
            AcquireTimeout = options.AcquireTimeout,
            ConnectTimeout = options.ConnectTimeout,
            ResetTimeout = options.ResetTimeout,
            MaxClientMessageSize = options.MaxClientMessageSize,
            ClientScramIterations = options.ClientScramIterations,
            CacheEnabled = options.CacheEnabled,
            CacheMaxAge = options.CacheMaxAge,
            CacheStaleWhileRevalidate = options.CacheStaleWhileRevalidate,
            CacheSizeLimit = options.CacheSizeLimit,
            CacheMaxResultSize = options.CacheMaxResultSize,
            CacheTimeProvider = options.CacheTimeProvider,
        };

        // The client password's SCRAM keys are derived once: a login then costs the pool a few HMACs, not a PBKDF2.
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        var keys = ScramKeys.Derive(clientCredentials.Password, salt, snapshot.ClientScramIterations);
        _logger = logger;
        var origins = new OriginPool(settings, originTls, snapshot, logger);
        // A max_age of zero turns caching off as surely as CacheEnabled = false: nothing would ever be fresh.
        var cache = snapshot.CacheEnabled && snapshot.CacheMaxAge > TimeSpan.Zero
            ? new QueryCache(origins, new QueryCacheOptions(snapshot.CacheMaxAge, snapshot.CacheStaleWhileRevalidate, snapshot.CacheSizeLimit, snapshot.CacheMaxResultSize, snapshot.CacheTimeProvider), settings.Database, settings.User, logger)
            : null;
        _context = new PoolContext(origins, new PreparedStatementRegistry(), clientCredentials, keys, salt, snapshot, cache);
    }

    /// <summary>How many origin connections are open now, idle or in a transaction.</summary>
    public int OriginConnectionCount => _context.Origins.OpenCount;

    /// <summary>How many origin connections sit idle in the pool now.</summary>
    public int IdleOriginConnectionCount => _context.Origins.IdleCount;

    /// <summary>
    /// Serves one client connection (startup, authentication, queries) until Terminate, end of stream, or cancellation,
    /// as a <see cref="HyperdriveClientTransport.Network"/> client: its password is checked with SCRAM-SHA-256.
    /// </summary>
    /// <param name="client">The client's byte stream; both its ends are completed when the session ends.</param>
    /// <param name="cancellationToken">Ends the session.</param>
    /// <returns>A task that completes when the client is done; it does not fault for client or origin errors.</returns>
    public Task ServeAsync(IDuplexPipe client, CancellationToken cancellationToken)
        => ServeAsync(client, HyperdriveClientTransport.Network, cancellationToken);

    /// <summary>Serves one client connection that arrived over <paramref name="transport"/>, which decides how its password is checked.</summary>
    /// <param name="client">The client's byte stream; both its ends are completed when the session ends.</param>
    /// <param name="transport">How the client reaches the pool: SCRAM-SHA-256 over a network, a cleartext password in process.</param>
    /// <param name="cancellationToken">Ends the session.</param>
    /// <returns>A task that completes when the client is done; it does not fault for client or origin errors.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined value.</exception>
    public Task ServeAsync(IDuplexPipe client, HyperdriveClientTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!Enum.IsDefined(transport))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "Not a HyperdriveClientTransport value.");
        }

        return new ClientSession(client, _context, transport, _logger).RunAsync(cancellationToken);
    }

    /// <summary>Closes the idle origin connections; leased ones close when their transaction ends.</summary>
    /// <returns>A task that completes when the idle ones are closed.</returns>
    public ValueTask DisposeAsync()
    {
        _context.Cache?.Dispose();
        return _context.Origins.DisposeAsync();
    }
}
