using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>
/// pgbench's parameterized reads through the loopback port, with the cache on and off, in the extended and prepared
/// query modes. The script checks every answer against its own parameters (pgbench aborts the run when one is wrong),
/// over few enough accounts and values that most reads are hits.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class PgbenchCacheTests(OriginClusterFixture origin)
{
    private const int Clients = 4;
    private const int TransactionsPerClient = 100;

    // Each account was initialised with a zero balance, so a row from the wrong parameters shows in both columns.
    private const string Script = """
        \set aid random(1, 10)
        \set delta random(1, 3)
        SELECT aid AS got, abalance + aid AS sum, :delta AS echoed FROM pgbench_accounts WHERE aid = :aid \gset
        \if :got != :aid or :sum != :aid or :echoed != :delta
        \set wrong_answer 1 / 0
        \endif
        """;

    [Theory]
    [InlineData("extended", true)]
    [InlineData("extended", false)]
    [InlineData("prepared", true)]
    [InlineData("prepared", false)]
    public async Task Pgbench_reads_get_the_right_answers_with_the_cache_on_and_off(string mode, bool cache)
    {
        using var counters = new CacheCounters();
        await using var pool = await CachedPool.StartAsync(origin, cache, o => o.MaxConnections = 2);
        var init = await ClientProgram.RunAsync(pool.Server, "pgbench", ["-i", "-s", "1", "-q"]);
        Assert.True(init.ExitCode == 0, init.Error);
        string script = Path.Combine(Path.GetTempPath(), $"cache-reads-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var run = await ClientProgram.RunAsync(pool.Server, "pgbench", ["-M", mode, "-c", Clients.ToString(), "-j", "2", "-t", TransactionsPerClient.ToString(), "-n", "-f", script]);

            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            Assert.Contains($"number of transactions actually processed: {Clients * TransactionsPerClient}/{Clients * TransactionsPerClient}", run.Output);
            Assert.Contains("number of failed transactions: 0", run.Output);
        }
        finally
        {
            File.Delete(script);
        }

        if (cache)
        {
            // 30 distinct reads (10 accounts x 3 deltas): each misses at most once per client (the one fill and its
            // waiters), and every other read is a hit, served from the cache within max_age.
            Assert.True(counters["hyperdrive.cache.hits"] >= (Clients * TransactionsPerClient) - (30 * Clients), $"hits: {counters["hyperdrive.cache.hits"]}");
            // Every read is a hit or a miss, except that in prepared mode a client's first read may arrive while the lease
            // of its own PREPARE is still ending (the client sends on as soon as it has the ReadyForQuery): that read goes
            // to the origin on the lease, uncounted. At most one such read per client.
            Assert.InRange(counters["hyperdrive.cache.misses"] + counters["hyperdrive.cache.hits"], (Clients * TransactionsPerClient) - (mode == "prepared" ? Clients : 0), Clients * TransactionsPerClient);
        }
        else
        {
            Assert.Equal(0, counters["hyperdrive.cache.misses"] + counters["hyperdrive.cache.hits"]);
        }
    }
}
