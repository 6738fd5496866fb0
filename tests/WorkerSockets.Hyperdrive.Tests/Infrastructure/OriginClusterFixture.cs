using Customers.LocalPostgres;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL 15 cluster for the assembly: the pool's origin. Its role logs in with SCRAM-SHA-256 over
/// TLS only (<c>hostssl</c>), so every origin connection the pool opens proves both.
/// </summary>
public sealed class OriginClusterFixture : IAsyncLifetime
{
    /// <summary>The role the pool logs in as.</summary>
    public LocalPostgresRole OriginRole { get; } = new("origin_user", "origin-Pa$$w0rd-" + Guid.NewGuid().ToString("N"), "scram-sha-256", TlsOnly: true);

    /// <summary>The running cluster.</summary>
    public LocalPostgresCluster Cluster { get; private set; } = null!;

    /// <summary>The origin connection string the pool is given: TLS required, certificate checked against the cluster's CA.</summary>
    public string OriginConnectionString => Cluster.ConnectionString(OriginRole, "require");

    /// <summary>The policy whose trusted roots include the cluster's CA.</summary>
    public SocketPolicy OriginTls => SocketPolicy.Development.WithTrustedRoots(Cluster.CertificateAuthority);

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        Cluster = await LocalPostgresCluster.StartAsync("hyperdrive", [OriginRole], $"""
            ALTER SCHEMA public OWNER TO {OriginRole.Name};
            CREATE TABLE public.items (id integer PRIMARY KEY, name text NOT NULL);
            INSERT INTO public.items SELECT i, 'item ' || i FROM generate_series(1, 100) i;
            ALTER TABLE public.items OWNER TO {OriginRole.Name};
            """).WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Runs SQL as the superuser (over the Unix socket, beside the pool) and returns psql's unaligned output.</summary>
    /// <param name="sql">The SQL.</param>
    /// <returns>The output, trimmed.</returns>
    public async Task<string> QueryAsSuperuserAsync(string sql)
        => (await Cluster.PsqlAsync(sql, ["-A", "-t"]).WaitAsync(TimeSpan.FromSeconds(60))).Trim();

    /// <summary>The origin backends of the pool's role, by state (<c>idle</c>, <c>active</c>, <c>idle in transaction</c>...).</summary>
    /// <returns>One state per backend.</returns>
    public async Task<string[]> OriginBackendStatesAsync()
    {
        var output = await QueryAsSuperuserAsync($"SELECT state FROM pg_stat_activity WHERE usename = '{OriginRole.Name}' AND pid <> pg_backend_pid()");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

/// <summary>Every test that uses the cluster runs in this collection, one at a time (one test stops and restarts it).</summary>
[CollectionDefinition(Name)]
public sealed class OriginCollection : ICollectionFixture<OriginClusterFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Hyperdrive origin cluster";
}
