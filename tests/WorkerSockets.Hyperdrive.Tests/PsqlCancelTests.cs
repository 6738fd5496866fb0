using System.Diagnostics;
using System.Globalization;
using Customers.LocalPostgres;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>psql's Ctrl+C (SIGINT): libpq sends its CancelRequest in the clear, with no SSLRequest, to the pool's port.</summary>
[Collection(OriginCollection.Name)]
public sealed class PsqlCancelTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Psql_interrupted_while_a_query_runs_cancels_it_at_the_origin()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        var start = new ProcessStartInfo(Path.Combine(PostgresCommand.FindBinDirectory(), "psql"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-X", "-h", "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Credentials.User, "-c", "SELECT pg_sleep(30) /* psql-ctrl-c */"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = server.Credentials.Password;
        start.Environment["PGDATABASE"] = server.Credentials.Database;
        using var psql = Process.Start(start)!;
        var output = psql.StandardOutput.ReadToEndAsync();
        var error = psql.StandardError.ReadToEndAsync();

        await TestTimeouts.EventuallyAsync(
            async () => await origin.QueryAsSuperuserAsync("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%psql-ctrl-c%'") == "1",
            "psql's query is running at the origin");
        using (var interrupt = Process.Start("kill", ["-INT", psql.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync().WaitAsync(TestTimeouts.Program);
            Assert.Equal(0, interrupt.ExitCode);
        }

        await psql.WaitForExitAsync().WaitAsync(TestTimeouts.Program);

        Assert.Equal(1, psql.ExitCode);
        Assert.Contains("canceling statement due to user request", await error);
        Assert.Equal("", (await output).Trim());
        Assert.Equal("idle", Assert.Single(await origin.OriginBackendStatesAsync()));
    }
}
