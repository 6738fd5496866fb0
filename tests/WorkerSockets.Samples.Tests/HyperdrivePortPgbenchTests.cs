using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
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
/// pgbench's parameterized reads (<c>-M extended</c> and <c>-M prepared</c>) through the dev server's
/// <c>--hyperdrive-port</c>, with the query cache at its default (on) and turned off by configuration. The script checks
/// every answer against its own parameter; pgbench aborts the run (and exits non-zero) when one is wrong.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HyperdrivePortPgbenchTests(PostgresClusterFixture fixture)
{
    private const int Clients = 4;
    private const int TransactionsPerClient = 100;
    private const string Script = """
        \set id random(1, 5)
        SELECT id AS got FROM customers WHERE id = :id \gset
        \if :got != :id
        \set wrong_answer 1 / 0
        \endif
        """;

    [Theory]
    [InlineData("extended", true)]
    [InlineData("prepared", true)]
    [InlineData("extended", false)]
    [InlineData("prepared", false)]
    public async Task Pgbench_reads_through_the_hyperdrive_port_are_right_with_the_cache_on_and_off(string mode, bool cache)
    {
        var hits = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "WorkerSockets.Hyperdrive.Cache")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => hits.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.Start();

        var cluster = fixture.Cluster;
        await using RunningWorkerHost host = await WorkerHost.StartAsync<CustomersWorker>(["--port", "0", "--hyperdrive-port", "0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection([
                new("HYPERDRIVE", cluster.ConnectionString(fixture.ScramRole)),
                .. cache ? Array.Empty<KeyValuePair<string, string?>>() : [new("Hyperdrive:HYPERDRIVE:CacheEnabled", "false")],
            ]);
            builder.Services.Configure<WorkerHostOptions>(options => options.Policy = SocketPolicy.Development.WithTrustedRoots(cluster.CertificateAuthority));
        }).WaitAsync(TimeSpan.FromSeconds(30));
        var endpoint = Assert.Single(host.Services.GetRequiredService<HyperdrivePools>().Bindings).Endpoint;
        var addresses = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        int port = addresses.Select(address => new Uri(address).Port).Single(p => p != host.Address.Port);
        string url = $"postgres://{Uri.EscapeDataString(endpoint.User)}:{Uri.EscapeDataString(endpoint.Password)}@127.0.0.1:{port}/{endpoint.Database}?sslmode=disable";

        string script = Path.Combine(Path.GetTempPath(), $"hyperdrive-port-reads-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, Script);
        string output;
        try
        {
            // Throws with pgbench's standard error when it exits non-zero (an aborted client: a wrong answer).
            output = await PostgresCommand.RunAsync(
                Path.Combine(PostgresCommand.FindBinDirectory(), "pgbench"),
                ["-M", mode, "-c", $"{Clients}", "-j", "2", "-t", $"{TransactionsPerClient}", "-n", "-f", script, url],
                Path.GetTempPath(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));
        }
        finally
        {
            File.Delete(script);
        }

        Assert.Contains($"number of transactions actually processed: {Clients * TransactionsPerClient}/{Clients * TransactionsPerClient}", output);
        Assert.Contains("number of failed transactions: 0", output);
        if (cache)
        {
            // Five distinct reads: each misses at most once per client, every other read is a hit (the cache is on by
            // default). Off, nothing is asserted about the counters: other test classes' caches may count meanwhile.
            long expectedHits = (Clients * TransactionsPerClient) - (5 * Clients);
            Assert.True(hits.GetValueOrDefault("hyperdrive.cache.hits") >= expectedHits, $"hits: {hits.GetValueOrDefault("hyperdrive.cache.hits")}, expected at least {expectedHits}");
        }
    }
}
