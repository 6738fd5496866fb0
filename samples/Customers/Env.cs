using WorkerSockets;

namespace Customers;

/// <summary>The worker's bindings: the database as a <c>DB</c> secret, or as the <c>HYPERDRIVE</c> binding of wrangler.toml.</summary>
[WorkerEnv]
public partial class Env
{
    /// <summary>A PostgreSQL connection string (URL or key=value; <c>sslmode=require</c> for TLS). A secret: it holds the password.</summary>
    [Secret("DB")]
    public partial string? Db { get; }

    /// <summary>The alternative to <see cref="Db"/>: the <c>[[hyperdrive]]</c> binding declared in wrangler.toml.</summary>
    [Hyperdrive("HYPERDRIVE")]
    public partial Hyperdrive? Hyperdrive { get; }

    /// <summary>The connection string to use: <c>DB</c> when set, else <c>HYPERDRIVE</c>'s.</summary>
    public string? DatabaseConnectionString => Db ?? Hyperdrive?.ConnectionString;
}
