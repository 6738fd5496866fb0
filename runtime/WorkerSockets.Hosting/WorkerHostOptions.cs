namespace WorkerSockets.Hosting;

/// <summary>
/// How <see cref="WorkerEndpointRouteBuilderExtensions.MapWorker{TWorker}"/> runs requests; configure it with
/// <see cref="WorkerHostingServiceCollectionExtensions.AddWorkerHosting"/> or <c>services.Configure&lt;WorkerHostOptions&gt;(...)</c>.
/// </summary>
public sealed class WorkerHostOptions
{
    /// <summary>The largest request body a worker accepts: 100 MiB, the Workers free and pro plan limit.</summary>
    public const long DefaultMaxRequestBodySize = 100L * 1024 * 1024;

    /// <summary>
    /// Where the worker's sockets may connect. <see langword="null"/> follows the host environment:
    /// <see cref="SocketPolicy.Development"/> in Development (the dev server, <see cref="WorkerHost"/>, runs as
    /// Development unless told otherwise), <see cref="SocketPolicy.Production"/> in any other.
    /// </summary>
    public SocketPolicy? Policy { get; set; }

    /// <summary>
    /// The largest request body, in bytes, for requests the worker handles (overrides the server's limit, which is
    /// 30 MB in Kestrel); <see langword="null"/> for no limit. Defaults to <see cref="DefaultMaxRequestBodySize"/>.
    /// </summary>
    public long? MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>
    /// Whether each Hyperdrive binding is pooled in process (default <see langword="true"/>): <c>env.Hyperdrive</c> then
    /// describes <c>&lt;id&gt;.hyperdrive.local:5432</c>, served by a transaction-mode pooler that holds at most
    /// <see cref="Hyperdrive.HyperdrivePoolOptions.MaxConnections"/> origin connections for the host's lifetime. Configuration
    /// <c>Hyperdrive:Pooling</c> overrides it.
    /// </summary>
    public bool PoolHyperdrive { get; set; } = true;

    /// <summary>
    /// The pool settings of every Hyperdrive binding. Configuration overrides them: the section <c>Hyperdrive</c>
    /// (<c>Hyperdrive:MaxConnections</c>, <c>Hyperdrive:IdleTimeout</c>, <c>Hyperdrive:AcquireTimeout</c>, ...), then
    /// <c>Hyperdrive:&lt;BINDING&gt;</c> for one binding.
    /// </summary>
    public Hyperdrive.HyperdrivePoolOptions Hyperdrive { get; set; } = new();
}
