using Customers.LocalPostgres;

namespace WorkerSockets.Samples.Tests;

/// <summary>One throwaway PostgreSQL cluster for the whole test assembly, with a SCRAM role, an md5 role and the seed.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    /// <summary>Logs in with SCRAM-SHA-256 (the worker's role).</summary>
    public LocalPostgresRole ScramRole { get; } = new("scram_user", "scram-Pa$$word-" + Guid.NewGuid().ToString("N"), "scram-sha-256");

    /// <summary>Logs in with md5.</summary>
    public LocalPostgresRole Md5Role { get; } = new("md5_user", "md5-p@ss:word/" + Guid.NewGuid().ToString("N"), "md5");

    /// <summary>Logs in with a cleartext password.</summary>
    public LocalPostgresRole CleartextRole { get; } = new("cleartext_user", "clear-" + Guid.NewGuid().ToString("N"), "password");

    /// <summary>Logs in with SCRAM-SHA-256 over TLS only (<c>hostssl</c>), as the sample's own role does.</summary>
    public LocalPostgresRole TlsOnlyRole { get; } = new("tls_only_user", "tls-only-" + Guid.NewGuid().ToString("N"), "scram-sha-256", TlsOnly: true);

    /// <summary>Logs in without a password.</summary>
    public LocalPostgresRole TrustRole { get; } = new("trust_user", "", "trust");

    /// <summary>
    /// Sees a <c>customers</c> view (first on its search_path) that adds the server's own view of the connection's TLS,
    /// from <c>pg_stat_ssl</c>, as a column: the worker's unchanged query then reports whether its connection is encrypted.
    /// </summary>
    public LocalPostgresRole TlsProbeRole { get; } = new("tls_probe_user", "probe-" + Guid.NewGuid().ToString("N"), "scram-sha-256");

    /// <summary>The running cluster.</summary>
    public LocalPostgresCluster Cluster { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        Cluster = await LocalPostgresCluster.StartAsync(CustomersSeed.Database, [ScramRole, Md5Role, CleartextRole, TrustRole, TlsProbeRole, TlsOnlyRole], CustomersSeed.Sql)
            .WaitAsync(TimeSpan.FromSeconds(120));
        await Cluster.PsqlAsync($"""
            CREATE SCHEMA tls_probe;
            CREATE VIEW tls_probe.customers AS
                SELECT c.*, (SELECT s.ssl FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()) AS connection_ssl FROM public.customers c;
            GRANT USAGE ON SCHEMA tls_probe TO {TlsProbeRole.Name};
            GRANT SELECT ON tls_probe.customers TO {TlsProbeRole.Name};
            ALTER ROLE {TlsProbeRole.Name} IN DATABASE {Cluster.Database} SET search_path = tls_probe, public;
            """).WaitAsync(TimeSpan.FromSeconds(30));
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
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "PostgreSQL cluster";
}
