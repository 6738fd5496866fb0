using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>
/// pgbench's TPC-B-like transactions through the pooler, in each query mode. "Same results as direct" is checked the
/// way pgbench's own invariants define it: every transaction processed, none failed, and the balances of accounts,
/// tellers and branches all equal the sum of the history's deltas.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class PgbenchTests(OriginClusterFixture origin)
{
    private const int Clients = 4;
    private const int TransactionsPerClient = 40;

    [Theory]
    [InlineData("simple")]
    [InlineData("extended")]
    [InlineData("prepared")]
    public async Task Pgbench_runs_every_transaction_and_keeps_the_balances_consistent(string mode)
    {
        // Fewer origin connections than clients, so transactions of different clients share them.
        await using var server = await PoolerServer.StartAsync(origin, options => options.MaxConnections = 2);
        var init = await ClientProgram.RunAsync(server, "pgbench", ["-i", "-s", "1", "-q"]);
        Assert.True(init.ExitCode == 0, init.Error);

        var run = await ClientProgram.RunAsync(server, "pgbench", ["-M", mode, "-c", Clients.ToString(), "-j", "2", "-t", TransactionsPerClient.ToString(), "--no-vacuum"]);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains($"number of transactions actually processed: {Clients * TransactionsPerClient}/{Clients * TransactionsPerClient}", run.Output);
        Assert.Contains("number of failed transactions: 0", run.Output);
        var sums = await origin.QueryAsSuperuserAsync("""
            SELECT (SELECT count(*) FROM pgbench_history), (SELECT sum(delta) FROM pgbench_history),
                   (SELECT sum(abalance) FROM pgbench_accounts), (SELECT sum(tbalance) FROM pgbench_tellers), (SELECT sum(bbalance) FROM pgbench_branches)
            """);
        var parts = sums.Split('|');
        Assert.Equal((Clients * TransactionsPerClient).ToString(), parts[0]);
        Assert.All(parts[2..], balance => Assert.Equal(parts[1], balance));
        Assert.All(await origin.OriginBackendStatesAsync(), state => Assert.Equal("idle", state));
    }
}
