using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>
/// What the cache may and may not answer, against the real origin. Rows change behind the pool's back (as the
/// superuser over the Unix socket), so a result from the cache is told apart from the origin's by its content.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class QueryCacheTests(OriginClusterFixture origin)
{
    private async Task<string> TableAsync(string name)
    {
        await origin.QueryAsSuperuserAsync($"DROP TABLE IF EXISTS {name}; CREATE TABLE {name} (n integer); ALTER TABLE {name} OWNER TO {origin.OriginRole.Name}; INSERT INTO {name} VALUES (1)");
        return name;
    }

    [Fact]
    public async Task A_read_is_served_from_the_cache_until_max_age_and_an_insert_is_visible_after_it()
    {
        var table = await TableAsync("cache_age");
        await using var pool = await CachedPool.StartAsync(origin, configure: o => o.CacheMaxAge = TimeSpan.FromSeconds(10));
        await using var client = await pool.ClientAsync();
        string read = $"SELECT count(*) FROM {table}";

        Assert.Equal("1", await client.ScalarAsync(read));
        await origin.QueryAsSuperuserAsync($"INSERT INTO {table} VALUES (2)");
        Assert.Equal("1", await client.ScalarAsync(read)); // within max_age: the cached answer, as the platform allows

        pool.Clock.Advance(TimeSpan.FromSeconds(10.001));
        Assert.Equal("2", await client.ScalarAsync(read));
    }

    [Fact]
    public async Task A_stale_entry_is_served_within_stale_while_revalidate_and_refreshed_in_the_background()
    {
        var table = await TableAsync("cache_swr");
        await using var pool = await CachedPool.StartAsync(origin, configure: o =>
        {
            o.CacheMaxAge = TimeSpan.FromSeconds(10);
            o.CacheStaleWhileRevalidate = TimeSpan.FromSeconds(10);
        });
        await using var client = await pool.ClientAsync();
        string read = $"SELECT count(*) FROM {table}";

        Assert.Equal("1", await client.ScalarAsync(read));
        await origin.QueryAsSuperuserAsync($"INSERT INTO {table} VALUES (2)");
        pool.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("1", await client.ScalarAsync(read)); // stale, served at once
        await TestTimeouts.EventuallyAsync(async () => await client.ScalarAsync(read) == "2", "the background refresh stores the new count");

        pool.Clock.Advance(TimeSpan.FromSeconds(30)); // past both windows: never older than max_age + swr
        await origin.QueryAsSuperuserAsync($"INSERT INTO {table} VALUES (3)");
        Assert.Equal("3", await client.ScalarAsync(read));
    }

    [Fact]
    public async Task Writes_locking_reads_and_multiple_statements_are_never_cached()
    {
        var table = await TableAsync("cache_writes");
        await using var pool = await CachedPool.StartAsync(origin);
        await using var client = await pool.ClientAsync();

        string insert = $"INSERT INTO {table} VALUES (5) RETURNING (SELECT count(*) FROM {table})";
        Assert.Equal("1", await client.ScalarAsync(insert));
        Assert.Equal("2", await client.ScalarAsync(insert));

        string cteInsert = $"WITH added AS (INSERT INTO {table} VALUES (6) RETURNING n) SELECT (SELECT count(*) FROM {table}) FROM added";
        Assert.Equal("3", await client.ScalarAsync(cteInsert));
        Assert.Equal("4", await client.ScalarAsync(cteInsert));

        string locking = $"SELECT n FROM {table} WHERE n = 7 FOR SHARE";
        Assert.Empty(await client.ColumnAsync(locking));
        await origin.QueryAsSuperuserAsync($"INSERT INTO {table} VALUES (7)");
        Assert.Equal(["7"], await client.ColumnAsync(locking));

        string two = $"SELECT count(*) FROM {table} WHERE n = 8; SELECT 1";
        Assert.Equal(["0", "1"], await client.ColumnAsync(two));
        await origin.QueryAsSuperuserAsync($"INSERT INTO {table} VALUES (8)");
        Assert.Equal(["1", "1"], await client.ColumnAsync(two));
        Assert.Equal("6", await client.ScalarAsync($"SELECT count(*) FROM {table} WHERE n > 4"));
    }

    [Fact]
    public async Task A_read_inside_a_transaction_is_never_served_from_the_cache()
    {
        var table = await TableAsync("cache_tx");
        await using var pool = await CachedPool.StartAsync(origin);
        await using var client = await pool.ClientAsync();
        string read = $"SELECT count(*) FROM {table}";

        Assert.Equal("1", await client.ScalarAsync(read)); // cached now
        await origin.QueryAsSuperuserAsync($"INSERT INTO {table} VALUES (2)");

        Assert.Equal('T', (await client.RunAsync("BEGIN")).Status());
        var inside = await client.RunAsync(read);
        Assert.Equal('T', inside.Status()); // the client's own status, not a cached idle one
        Assert.Equal("2", await ScalarOf(inside));
        Assert.Equal('I', (await client.RunAsync("COMMIT")).Status());

        // Outside again: the entry is still within max_age, and that is what is allowed.
        Assert.Equal("1", await client.ScalarAsync(read));
    }

    [Fact]
    public async Task Volatile_queries_return_a_new_value_every_time()
    {
        await origin.QueryAsSuperuserAsync($"DROP SEQUENCE IF EXISTS cache_seq; CREATE SEQUENCE cache_seq; ALTER SEQUENCE cache_seq OWNER TO {origin.OriginRole.Name}");
        await using var pool = await CachedPool.StartAsync(origin);
        await using var client = await pool.ClientAsync();
        // A volatile function made after the pool read the catalogue: unknown to it, so not cached either.
        await client.RunAsync("CREATE OR REPLACE FUNCTION cache_counter() RETURNS bigint LANGUAGE sql AS 'SELECT nextval(''cache_seq'')'");

        foreach (var sql in new[] { "SELECT nextval('cache_seq')", "SELECT random()", "SELECT txid_current()", "SELECT \"random\"()", "SELECT cache_counter()" })
        {
            var first = await client.ScalarAsync(sql);
            var second = await client.ScalarAsync(sql);
            Assert.True(first != second, $"{sql} answered {first} twice");
        }

        // Clock functions may repeat a value on a coarse clock; a row count beside them shows whether the origin answered.
        var table = await TableAsync("cache_volatile");
        foreach (var call in new[] { "now()", "clock_timestamp()", "NOW ()", "pg_catalog.statement_timestamp()", "current_timestamp", "pg_backend_pid()" })
        {
            string sql = $"SELECT count(*), {call} FROM {table}";
            var before = await client.ScalarAsync(sql);
            await origin.QueryAsSuperuserAsync($"INSERT INTO {table} VALUES (2)");
            var after = await client.ScalarAsync(sql);
            Assert.True(int.Parse(after, System.Globalization.CultureInfo.InvariantCulture) == int.Parse(before, System.Globalization.CultureInfo.InvariantCulture) + 1, $"{sql}: {before} then {after}");
        }
    }

    [Fact]
    public async Task Two_databases_never_share_an_entry()
    {
        await origin.QueryAsSuperuserAsync("DROP DATABASE IF EXISTS cache_other");
        await origin.QueryAsSuperuserAsync($"CREATE DATABASE cache_other OWNER {origin.OriginRole.Name}");
        var otherDatabase = origin.OriginConnectionString.Replace($"/{origin.Cluster.Database}?", "/cache_other?", StringComparison.Ordinal);
        Assert.NotEqual(origin.OriginConnectionString, otherDatabase);
        await using var main = await CachedPool.StartAsync(origin);
        await using var other = await CachedPool.StartAsync(origin, originConnectionString: otherDatabase);
        await using var mainClient = await main.ClientAsync();
        await using var otherClient = await other.ClientAsync();

        const string read = "SELECT current_database()";
        Assert.Equal(origin.Cluster.Database, await mainClient.ScalarAsync(read));
        Assert.Equal("cache_other", await otherClient.ScalarAsync(read));
        Assert.Equal(origin.Cluster.Database, await mainClient.ScalarAsync(read));
    }

    [Fact]
    public async Task A_result_over_the_size_limit_is_never_cached()
    {
        var table = await TableAsync("cache_big");
        await using var pool = await CachedPool.StartAsync(origin, configure: o => o.CacheMaxResultSize = 100);
        await using var client = await pool.ClientAsync();
        string read = $"SELECT count(*), repeat('x', 200) FROM {table}";

        Assert.Equal("1", await client.ScalarAsync(read));
        await origin.QueryAsSuperuserAsync($"INSERT INTO {table} VALUES (2)");
        Assert.Equal("2", await client.ScalarAsync(read));
    }

    [Theory]
    [InlineData("SELECT count(*) FROM cache_stampede", null)]
    [InlineData("SELECT 1 / (count(*) - 1)::int FROM cache_stampede", "22012")] // an error: never stored, still shared
    public async Task Many_clients_missing_on_one_key_share_one_origin_query(string sql, string? sqlState)
    {
        const int Clients = 12;
        var table = await TableAsync("cache_stampede");
        await using var pool = await CachedPool.StartAsync(origin, configure: o => o.MaxConnections = 16);
        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => pool.ClientAsync()));
        try
        {
            await clients[0].ScalarAsync("SELECT 1"); // the catalogue is read and one connection is open
            int before = pool.Server.Pool.OriginConnectionCount;
            using var counters = new CacheCounters();

            // The table is locked in another session, so the first origin query waits there until the test lets it go:
            // every other client misses while it is surely still under way, however slow the machine.
            await using var locker = new Npgsql.NpgsqlConnection($"Host={origin.Cluster.Host};Port={origin.Cluster.Port};Username={origin.OriginRole.Name};Password={origin.OriginRole.Password};Database={origin.Cluster.Database};SSL Mode=Require;Pooling=false");
            await locker.OpenAsync();
            await using var hold = await locker.BeginTransactionAsync();
            await using (var lockTable = new Npgsql.NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", locker, hold))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var answers = clients.Select(c => c.RunAsync(sql)).ToArray();
            await counters.ReachedAsync("hyperdrive.cache.misses", Clients).WaitAsync(TestTimeouts.Operation);
            Assert.DoesNotContain(answers, a => a.IsCompleted);
            await hold.CommitAsync();

            var replies = await Task.WhenAll(answers);
            Assert.Equal(sqlState, replies[0].SingleOrDefault(r => r.Type == 'E')?.SqlState);
            Assert.Equal(sqlState is null ? "1" : null, sqlState is null ? await ScalarOf(replies[0]) : null);
            Assert.All(replies, r => Assert.Equal(Flatten(replies[0]), Flatten(r))); // the one reply, byte for byte
            Assert.Equal(Clients - 1, counters["hyperdrive.cache.coalesced"]);
            Assert.Equal(before, pool.Server.Pool.OriginConnectionCount); // one origin query: no second connection was needed

            // Stored only when it could be: a success is a hit now, an error asks the origin again.
            await clients[0].RunAsync(sql);
            Assert.Equal(sqlState is null ? 1 : 0, counters["hyperdrive.cache.hits"]);
            Assert.Equal(sqlState is null ? Clients : Clients + 1, counters["hyperdrive.cache.misses"]);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static List<string> Flatten(List<PgMessage> replies) => replies.Select(r => r.Type + Convert.ToHexString(r.Body)).ToList();

    private static Task<string> ScalarOf(List<PgMessage> replies)
    {
        Assert.DoesNotContain(replies, reply => reply.Type == 'E');
        var row = Assert.Single(replies, reply => reply.Type == 'D').Body;
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(row.AsSpan(2));
        return Task.FromResult(System.Text.Encoding.UTF8.GetString(row, 6, length));
    }
}
