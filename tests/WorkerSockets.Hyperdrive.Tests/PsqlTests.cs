using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

[Collection(OriginCollection.Name)]
public sealed class PsqlTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Psql_queries_the_origin_through_the_pooler()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        var run = await ClientProgram.RunAsync(server, "psql", ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", "SELECT count(*), max(name) FROM items WHERE id <= 10"]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("10|item 9", run.Output.Trim());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10000)]
    public async Task Psql_and_npgsql_log_in_with_any_scram_iteration_count(int iterations)
    {
        await using var server = await PoolerServer.StartAsync(origin, options => options.ClientScramIterations = iterations);
        var run = await ClientProgram.RunAsync(server, "psql", ["-X", "-A", "-t", "-c", "SELECT 'in'"]);
        await using var npgsql = await server.OpenClientAsync();

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("in", run.Output.Trim());
        Assert.Equal("in", await new Npgsql.NpgsqlCommand("SELECT 'in'", npgsql).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Psql_copies_rows_in_inside_a_transaction()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        var script = """
            DROP TABLE IF EXISTS psql_copy;
            CREATE TABLE psql_copy (n integer, word text);
            BEGIN;
            COPY psql_copy FROM STDIN WITH (FORMAT csv);
            1,one
            2,two
            3,three
            \.
            COMMIT;
            SELECT string_agg(n || '=' || word, ',' ORDER BY n) FROM psql_copy;
            """;
        var run = await ClientProgram.RunAsync(server, "psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"], script);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("1=one,2=two,3=three", run.Output.Trim());
    }

    [Fact]
    public async Task Psql_with_a_wrong_password_is_refused_with_28P01()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        var run = await ClientProgram.RunAsync(server, "psql", ["-X", "-c", "SELECT 1", "-d", "dbname=hyperdrive password=wrong"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("password authentication failed for user \"worker\"", run.Error);
    }
}
