using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting.Hyperdrive;

/// <summary>
/// A transaction-mode PostgreSQL pooler, in process and independent of its transport: each client connection is served
/// by <see cref="ServeAsync"/>, and holds an origin connection only from the first message of a transaction to its end.
/// </summary>
public sealed class HyperdrivePool : IAsyncDisposable
{
    /// <summary>Creates a pool; no origin connection opens until a client needs one.</summary>
    /// <param name="originConnectionString">The origin's <c>postgres://user:password@host:port/db?sslmode=...</c> URL (or libpq key=value form).</param>
    /// <param name="clientCredentials">What clients must present.</param>
    /// <param name="options">Sizes and timeouts.</param>
    /// <param name="originTls">Its <see cref="SocketPolicy.TrustedRoots"/> are trusted for the origin's TLS, beside the system store.</param>
    /// <param name="logger">Where the pool logs.</param>
    public HyperdrivePool(string originConnectionString, HyperdriveClientCredentials clientCredentials, HyperdrivePoolOptions options, SocketPolicy originTls, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(originConnectionString);
        ArgumentNullException.ThrowIfNull(clientCredentials);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(originTls);
        ArgumentNullException.ThrowIfNull(logger);
    }

    /// <summary>Serves one client connection (startup, authentication, queries) until Terminate, end of stream, or cancellation.</summary>
    /// <param name="client">The client's byte stream.</param>
    /// <param name="cancellationToken">Ends the session.</param>
    /// <returns>A task that completes when the client is done; it does not fault for client or origin errors.</returns>
    public Task ServeAsync(IDuplexPipe client, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Closes the origin connections.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
