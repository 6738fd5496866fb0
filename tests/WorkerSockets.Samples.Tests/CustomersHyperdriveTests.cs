using System.Net;
using System.Text.Json;
using Customers;
using Customers.LocalPostgres;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkerSockets.Hosting;
using WorkerSockets.Hosting.HyperdriveHosting;

namespace WorkerSockets.Samples.Tests;

/// <summary>
/// Customers through the host's Hyperdrive pooler against the real cluster: same rows as psql, a few warm origin
/// connections reused across requests and never more than the maximum, TLS to the origin as its connection string says,
/// 502 while the origin is down and recovery after, and the origin connections closed when the host stops.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CustomersHyperdriveTests(PostgresClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private LocalPostgresCluster Cluster => fixture.Cluster;

    // The query cache is on by default; tests of pooling itself turn it off, so every request reaches the origin.
    private Task<CustomersEndpoint> StartPooledAsync(LocalPostgresRole role, string sslMode = "require", int? maxConnections = null, bool cache = false)
    {
        var settings = new Dictionary<string, string?>();
        if (maxConnections is { } max)
        {
            settings["Hyperdrive:HYPERDRIVE:MaxConnections"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!cache)
        {
            settings["Hyperdrive:HYPERDRIVE:CacheEnabled"] = "false";
        }

        return CustomersEndpoint.StartAsync(
            "HYPERDRIVE", Cluster.ConnectionString(role, sslMode), SocketPolicy.Development.WithTrustedRoots(Cluster.CertificateAuthority), settings);
    }

    /// <summary>The backends the role has open on the origin, as PostgreSQL itself reports them.</summary>
    private async Task<string[]> OriginBackendsAsync(LocalPostgresRole role)
    {
        string pids = await Cluster.PsqlAsync($"SELECT pid FROM pg_stat_activity WHERE usename = '{role.Name}' ORDER BY pid", ["-At"]).WaitAsync(Timeout);
        return pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public async Task Through_the_pool_get_root_returns_exactly_the_rows_psql_sees()
    {
        await using CustomersEndpoint endpoint = await StartPooledAsync(fixture.ScramRole, cache: true);
        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);
        var (header, psqlRows) = PsqlCsv.Parse(await Cluster.PsqlAsync("SELECT * FROM customers", ["--csv"]).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement[] rows = [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
        Assert.Equal(psqlRows.Count, rows.Length);
        Assert.Equal(header, rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(psqlRows.Select(r => r[1]), rows.Select(r => r.GetProperty("name").GetString()));
        Assert.Empty(endpoint.Warnings.Messages);
    }

    [Fact]
    public async Task With_default_settings_the_worker_is_answered_from_the_cache_within_max_age()
    {
        await using CustomersEndpoint endpoint = await CustomersEndpoint.StartAsync(
            "HYPERDRIVE", Cluster.ConnectionString(fixture.ScramRole), SocketPolicy.Development.WithTrustedRoots(Cluster.CertificateAuthority));
        var (_, before) = await endpoint.GetAsync().WaitAsync(Timeout);
        await Cluster.PsqlAsync("INSERT INTO customers (id, name, email, created_on) VALUES (9001, 'Added behind the cache', 'added@example.com', '2024-05-01')").WaitAsync(Timeout);
        try
        {
            // The same rows: the second request never reached the origin, as on the platform within max_age (60 s).
            var (status, after) = await endpoint.GetAsync().WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(before, after);
            Assert.Equal(5, JsonDocument.Parse(after).RootElement.GetArrayLength());
        }
        finally
        {
            await Cluster.PsqlAsync("DELETE FROM customers WHERE id = 9001").WaitAsync(Timeout);
        }
    }

    [Fact]
    public async Task Sequential_requests_reuse_one_warm_origin_connection()
    {
        // One connection at most: the response goes out before WaitUntil gives the connection back, so with more the
        // next request could open a second one; with one it waits and must get the same, warm, backend.
        await using CustomersEndpoint endpoint = await StartPooledAsync(fixture.Md5Role, maxConnections: 1);
        Assert.Empty(await OriginBackendsAsync(fixture.Md5Role)); // lazy: nothing opens before the first request

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await endpoint.GetAsync().WaitAsync(Timeout)).Status);
        }

        string backend = Assert.Single(await OriginBackendsAsync(fixture.Md5Role));
        Assert.Equal(HttpStatusCode.OK, (await endpoint.GetAsync().WaitAsync(Timeout)).Status);
        Assert.Equal(backend, Assert.Single(await OriginBackendsAsync(fixture.Md5Role)));
    }

    [Fact]
    public async Task Concurrent_requests_never_hold_more_origin_connections_than_the_maximum()
    {
        await using CustomersEndpoint endpoint = await StartPooledAsync(fixture.ScramRole, maxConnections: 2);
        int most = 0;
        var requests = Enumerable.Range(0, 32).Select(async _ =>
        {
            var (status, _) = await endpoint.GetAsync().WaitAsync(Timeout);
            return status;
        }).ToList();

        // Sampled while the requests run: the origin's own count of this role's backends.
        while (requests.Any(r => !r.IsCompleted))
        {
            most = Math.Max(most, (await OriginBackendsAsync(fixture.ScramRole)).Length);
        }

        Assert.All(await Task.WhenAll(requests), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.InRange(most, 0, 2);
        Assert.InRange((await OriginBackendsAsync(fixture.ScramRole)).Length, 1, 2);
    }

    [Theory]
    [InlineData("require", true)]
    [InlineData("disable", false)]
    public async Task The_pool_speaks_TLS_to_the_origin_exactly_when_its_connection_string_says_so(string sslMode, bool expectTls)
    {
        await using CustomersEndpoint endpoint = await StartPooledAsync(fixture.TlsProbeRole, sslMode);
        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(JsonDocument.Parse(body).RootElement.EnumerateArray(), row => Assert.Equal(expectTls, row.GetProperty("connection_ssl").GetBoolean()));
    }

    [Fact]
    public async Task Origin_down_gives_502_from_the_pools_error_and_the_pool_recovers_when_it_is_back()
    {
        await using CustomersEndpoint endpoint = await StartPooledAsync(fixture.ScramRole);
        Assert.Equal(HttpStatusCode.OK, (await endpoint.GetAsync().WaitAsync(Timeout)).Status);

        await Cluster.StopAsync().WaitAsync(Timeout);
        try
        {
            var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.BadGateway, status);
            Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()));
            Assert.DoesNotContain(fixture.ScramRole.Password, body, StringComparison.Ordinal);
        }
        finally
        {
            await Cluster.RestartAsync().WaitAsync(Timeout);
        }

        var (after, rows) = await endpoint.GetAsync().WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal(5, JsonDocument.Parse(rows).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Stopping_the_host_closes_its_origin_connections()
    {
        CustomersEndpoint endpoint = await StartPooledAsync(fixture.TlsOnlyRole);
        await using (endpoint)
        {
            Assert.Equal(HttpStatusCode.OK, (await endpoint.GetAsync().WaitAsync(Timeout)).Status);
            Assert.Single(await OriginBackendsAsync(fixture.TlsOnlyRole));
        }

        // The server ends a backend just after its client's Terminate; poll its own view until it is gone.
        string[] left = await OriginBackendsAsync(fixture.TlsOnlyRole);
        for (int i = 0; i < 100 && left.Length > 0; i++)
        {
            await Task.Yield();
            left = await OriginBackendsAsync(fixture.TlsOnlyRole);
        }

        Assert.Empty(left);
    }

    [Fact]
    public async Task Psql_reaches_the_pool_on_the_dev_servers_hyperdrive_port_with_the_bindings_credentials()
    {
        await using RunningWorkerHost host = await WorkerHost.StartAsync<CustomersWorker>(["--port", "0", "--hyperdrive-port", "0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection([new("HYPERDRIVE", Cluster.ConnectionString(fixture.ScramRole))]);
            builder.Services.Configure<WorkerHostOptions>(options => options.Policy = SocketPolicy.Development.WithTrustedRoots(Cluster.CertificateAuthority));
        }).WaitAsync(Timeout);
        var endpoint = Assert.Single(host.Services.GetRequiredService<HyperdrivePools>().Bindings).Endpoint;
        var addresses = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        int port = addresses.Select(address => new Uri(address).Port).Single(p => p != host.Address.Port);
        string url = $"postgres://{Uri.EscapeDataString(endpoint.User)}:{Uri.EscapeDataString(endpoint.Password)}@127.0.0.1:{port}/{endpoint.Database}?sslmode=disable";

        string count = await PostgresCommand.RunAsync(
            Path.Combine(PostgresCommand.FindBinDirectory(), "psql"), ["-X", "-At", "-c", "SELECT count(*) FROM customers", url], Path.GetTempPath(), CancellationToken.None).WaitAsync(Timeout);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => PostgresCommand.RunAsync(
            Path.Combine(PostgresCommand.FindBinDirectory(), "psql"), ["-X", "-At", "-c", "SELECT 1", url.Replace(Uri.EscapeDataString(endpoint.Password), "wrong", StringComparison.Ordinal)], Path.GetTempPath(), CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal("5", count.Trim());
        Assert.Contains("password", refused.Message, StringComparison.OrdinalIgnoreCase);
    }
}
