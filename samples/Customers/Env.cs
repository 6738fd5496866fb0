using WorkerSockets;

namespace Customers;

/// <summary>The worker's bindings: the database as the <c>HYPERDRIVE</c> binding of wrangler.toml (pooled by the host), or as a <c>DB</c> secret.</summary>
[WorkerEnv]
public partial class Env
{
    /// <summary>
    /// A PostgreSQL connection string (URL or key=value; <c>sslmode=require</c> for TLS) the worker connects to directly,
    /// a new connection per request. A secret: it holds the password. Used when <c>HYPERDRIVE</c> is not bound.
    /// </summary>
    [Secret("DB")]
    public partial string? Db { get; }

    /// <summary>
    /// The <c>[[hyperdrive]]</c> binding declared in wrangler.toml: under <c>WorkerHost</c> or <c>MapWorker</c> it describes
    /// the host's in-process pooler (<c>&lt;id&gt;.hyperdrive.local:5432</c>, <c>sslmode=disable</c>), which keeps a few warm
    /// connections to the database its value names.
    /// </summary>
    [Hyperdrive("HYPERDRIVE")]
    public partial Hyperdrive? Hyperdrive { get; }

    /// <summary>The connection string to use: <c>HYPERDRIVE</c>'s when it is bound (pooled), else <c>DB</c>.</summary>
    public string? DatabaseConnectionString => Hyperdrive?.ConnectionString ?? Db;
}
