using System.Collections.Concurrent;
using Npgsql;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

[Collection(OriginCollection.Name)]
public sealed class ReliabilityTests(OriginClusterFixture origin, ITestOutputHelper output)
{
    private const int Clients = 1000;
    private const int MaxConnections = 10;

    private enum Ending
    {
        Commit,
        Rollback,
        Terminate,
        Vanish,
    }

    [Fact]
    public async Task A_thousand_concurrent_transactions_see_only_their_own_data_and_leak_no_connection()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options =>
        {
            options.MaxConnections = MaxConnections;
            options.AcquireTimeout = TestTimeouts.Operation;
        }));
        await origin.QueryAsSuperuserAsync("DROP TABLE IF EXISTS markers; CREATE TABLE markers (marker integer NOT NULL); ALTER TABLE markers OWNER TO origin_user");
        var random = new Random(12);
        var endings = Enumerable.Range(0, Clients).Select(_ => (Ending)random.Next(4)).ToArray();
        var foreignSightings = new ConcurrentBag<string>();

        // Sample the origin's own view of the pool's connections while the load runs.
        using var loadDone = new CancellationTokenSource();
        int mostBackends = 0, samples = 0;
        var sampler = Task.Run(async () =>
        {
            while (!loadDone.IsCancellationRequested)
            {
                mostBackends = Math.Max(mostBackends, (await origin.OriginBackendStatesAsync()).Length);
                samples++;
            }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(marker => Task.Run(() => RunClientAsync(server, marker, endings[marker], foreignSightings))))
            .WaitAsync(TimeSpan.FromMinutes(3));
        clock.Stop();
        await loadDone.CancelAsync();
        await sampler.WaitAsync(TestTimeouts.Operation);
        output.WriteLine($"clients={Clients} commit={endings.Count(e => e == Ending.Commit)} rollback={endings.Count(e => e == Ending.Rollback)} " +
            $"terminate={endings.Count(e => e == Ending.Terminate)} vanish={endings.Count(e => e == Ending.Vanish)} seconds={clock.Elapsed.TotalSeconds:0.0} " +
            $"origin_backends_max={mostBackends} samples={samples}");
        Assert.InRange(mostBackends, 1, MaxConnections);

        Assert.Empty(foreignSightings);
        var committed = (await origin.QueryAsSuperuserAsync("SELECT marker FROM markers ORDER BY marker"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);
        Assert.Equal(Enumerable.Range(0, Clients).Where(m => endings[m] == Ending.Commit), committed);
        await TestTimeouts.EventuallyAsync(() => Task.FromResult(server.Pool.OriginConnectionCount == server.Pool.IdleOriginConnectionCount),
            "every origin connection is back in the pool");
        var states = await origin.OriginBackendStatesAsync();
        Assert.InRange(states.Length, 1, MaxConnections);
        Assert.All(states, state => Assert.Equal("idle", state));
    }

    private static async Task RunClientAsync(PoolerServer server, int marker, Ending ending, ConcurrentBag<string> foreignSightings)
    {
        if (ending == Ending.Vanish)
        {
            // A client that drops its socket mid-transaction, with a statement still in flight and no Terminate.
            await using var raw = await PgTestClient.ConnectAsync(server);
            await raw.LogInAsync(server.Credentials);
            await raw.SendAsync([.. PgTestClient.Query("BEGIN"), .. PgTestClient.Query($"INSERT INTO markers VALUES ({marker})")]);
            return;
        }

        await using var connection = await server.OpenClientAsync();
        var transaction = await connection.BeginTransactionAsync();
        await new NpgsqlCommand($"INSERT INTO markers VALUES ({marker})", connection, transaction).ExecuteNonQueryAsync();

        // Rows this transaction wrote carry its own transaction id; any other marker here would be another client's.
        await using (var reader = await new NpgsqlCommand("SELECT marker FROM markers WHERE xmin = pg_current_xact_id()::xid", connection, transaction).ExecuteReaderAsync())
        {
            var seen = new List<int>();
            while (await reader.ReadAsync())
            {
                seen.Add(reader.GetInt32(0));
            }

            if (seen is not [var only] || only != marker)
            {
                foreignSightings.Add($"client {marker} saw [{string.Join(",", seen)}]");
            }
        }

        switch (ending)
        {
            case Ending.Commit:
                await transaction.CommitAsync();
                break;
            case Ending.Rollback:
                await transaction.RollbackAsync();
                break;
            case Ending.Terminate:
                break; // disposing the connection sends Terminate with the transaction open
        }
    }

    [Fact]
    public async Task Restarting_the_origin_under_load_gives_errors_then_recovers_without_hanging()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options =>
        {
            options.MaxConnections = 4;
            options.ConnectTimeout = TimeSpan.FromSeconds(5);
        }));
        const int Workers = 8;
        var successes = new int[Workers];
        var failures = new ConcurrentBag<Exception>();
        bool restarted = false;
        var successesAfterRestart = new int[Workers];
        using var stop = new CancellationTokenSource();

        async Task WorkAsync(int worker)
        {
            while (!stop.IsCancellationRequested)
            {
                bool afterRestart = Volatile.Read(ref restarted);
                try
                {
                    await using var connection = await server.OpenClientAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    Assert.Equal(100L, await new NpgsqlCommand("SELECT count(*) FROM items", connection, transaction).ExecuteScalarAsync());
                    await transaction.CommitAsync();
                    Interlocked.Increment(ref successes[worker]);
                    if (afterRestart)
                    {
                        Interlocked.Increment(ref successesAfterRestart[worker]);
                    }
                }
                catch (Exception e) when (e is NpgsqlException)
                {
                    failures.Add(e);
                }
            }
        }

        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w))).ToArray();
        try
        {
            await TestTimeouts.EventuallyAsync(() => Task.FromResult(successes.All(s => s > 0)), "every worker succeeded before the restart");
            await origin.Cluster.StopAsync();
            await TestTimeouts.EventuallyAsync(() => Task.FromResult(failures.Count >= Workers), "clients saw errors while the origin was down");
        }
        finally
        {
            await origin.Cluster.RestartAsync();
            Volatile.Write(ref restarted, true);
        }

        await TestTimeouts.EventuallyAsync(() => Task.FromResult(successesAfterRestart.All(s => s > 0)), "every worker recovered after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(TestTimeouts.Operation);

        Assert.All(failures, e => Assert.True(e is PostgresException { SqlState: "08001" or "08006" or "57P01" } || e is NpgsqlException, e.ToString()));
        Assert.Contains(failures, e => e is PostgresException { SqlState: "08001" });
        Assert.All(await origin.OriginBackendStatesAsync(), state => Assert.Equal("idle", state));
    }
}
