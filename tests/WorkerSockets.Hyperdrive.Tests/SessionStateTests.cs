using Npgsql;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>
/// Session state one client leaves on an origin connection never reaches the next client. With one origin connection,
/// the second client provably gets the same backend (same pid), yet sees none of the first client's state.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class SessionStateTests(OriginClusterFixture origin)
{
    public static TheoryData<string, string, string> SessionCommands => new()
    {
        // What the first client does; what the second asks; what a fresh session answers.
        { "SET statement_timeout = '4321s'", "SHOW statement_timeout", "0" },
        { "SET SESSION search_path = pg_catalog", "SHOW search_path", "\"$user\", public" },
        { "SELECT set_config('work_mem', '7777kB', false)", "SHOW work_mem", "4MB" },
        { "PREPARE leaked_plan AS SELECT 1", "SELECT count(*)::text FROM pg_prepared_statements WHERE name = 'leaked_plan'", "0" },
        { "LISTEN leaked_channel", "SELECT count(*)::text FROM pg_listening_channels()", "0" },
        { "CREATE TEMP TABLE leaked_temp (n integer)", "SELECT count(*)::text FROM pg_class WHERE relname = 'leaked_temp' AND relpersistence = 't'", "0" },
        { "SELECT pg_advisory_lock(4242)", "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()", "0" },
    };

    [Theory]
    [MemberData(nameof(SessionCommands))]
    public async Task Session_state_is_reset_before_the_next_client(string firstClient, string question, string freshAnswer)
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        int firstBackend;
        await using (var first = await server.OpenClientAsync())
        {
            firstBackend = await BackendAsync(first);
            await new NpgsqlCommand(firstClient, first).ExecuteNonQueryAsync();
        }

        await using var second = await server.OpenClientAsync();
        Assert.Equal(firstBackend, await BackendAsync(second));
        Assert.Equal(freshAnswer, (string?)await new NpgsqlCommand(question, second).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_cursor_with_hold_does_not_outlive_its_client()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using (var first = await server.OpenClientAsync())
        {
            await new NpgsqlCommand("DECLARE leaked_cursor CURSOR WITH HOLD FOR SELECT id FROM items", first).ExecuteNonQueryAsync();
        }

        await using var second = await server.OpenClientAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("FETCH leaked_cursor", second).ExecuteNonQueryAsync());
        Assert.Equal("34000", error.SqlState); // invalid_cursor_name: the cursor is gone
    }

    [Fact]
    public async Task Set_local_applies_within_its_transaction()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var client = await server.OpenClientAsync();
        await using var transaction = await client.BeginTransactionAsync();
        await new NpgsqlCommand("SET LOCAL statement_timeout = '1234s'", client, transaction).ExecuteNonQueryAsync();
        Assert.Equal("1234s", await new NpgsqlCommand("SHOW statement_timeout", client, transaction).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_client_gone_mid_transaction_is_rolled_back_and_its_connection_reused_clean()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using (var setup = await server.OpenClientAsync())
        {
            await new NpgsqlCommand("DROP TABLE IF EXISTS abandoned; CREATE TABLE abandoned (n integer)", setup).ExecuteNonQueryAsync();
        }

        int firstBackend;
        var first = await server.OpenClientAsync();
        firstBackend = await BackendAsync(first);
        var transaction = await first.BeginTransactionAsync();
        await new NpgsqlCommand("INSERT INTO abandoned VALUES (1)", first, transaction).ExecuteNonQueryAsync();
        await new NpgsqlCommand("SELECT pg_advisory_xact_lock(77)", first, transaction).ExecuteNonQueryAsync();
        await first.DisposeAsync(); // Terminate, never COMMIT

        await using var second = await server.OpenClientAsync();
        Assert.Equal(firstBackend, await BackendAsync(second));
        Assert.Equal(0L, await new NpgsqlCommand("SELECT count(*) FROM abandoned", second).ExecuteScalarAsync());
        Assert.Equal("idle", Assert.Single(await origin.OriginBackendStatesAsync()));
    }

    private static async Task<int> BackendAsync(NpgsqlConnection connection)
        => (int)(await new NpgsqlCommand("SELECT pg_backend_pid()", connection).ExecuteScalarAsync())!;
}
