using Npgsql;
using NpgsqlTypes;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>Npgsql with its default settings (the extended protocol, binary results) through the cache.</summary>
[Collection(OriginCollection.Name)]
public sealed class NpgsqlCacheTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Npgsql_gets_identical_results_with_the_cache_on_and_off_and_hits_it()
    {
        using var counters = new CacheCounters();
        await using var on = await CachedPool.StartAsync(origin);
        await using var off = await CachedPool.StartAsync(origin, cache: false);
        var expected = await ReadAllAsync(off.Server);
        Assert.Contains("7|item 7|10.5|False|NULL", expected);
        Assert.Equal(expected, await ReadAllAsync(on.Server)); // misses
        long hitsBefore = counters["hyperdrive.cache.hits"];
        long missesBefore = counters["hyperdrive.cache.misses"];
        Assert.Equal(expected, await ReadAllAsync(on.Server)); // hits
        Assert.Equal(8, counters["hyperdrive.cache.hits"] - hitsBefore); // every command of the second run
        Assert.Equal(0, counters["hyperdrive.cache.misses"] - missesBefore);
    }

    [Fact]
    public async Task A_read_inside_a_transaction_is_never_served_from_the_cache()
    {
        await origin.QueryAsSuperuserAsync($"DROP TABLE IF EXISTS cache_npgsql_tx; CREATE TABLE cache_npgsql_tx (n int); INSERT INTO cache_npgsql_tx VALUES (1); ALTER TABLE cache_npgsql_tx OWNER TO {origin.OriginRole.Name}");
        await using var pool = await CachedPool.StartAsync(origin);
        await using var dataSource = NpgsqlDataSource.Create(pool.Server.NpgsqlConnectionString());
        await using var connection = await dataSource.OpenConnectionAsync();
        async Task<long> CountAsync(NpgsqlTransaction? transaction = null)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM cache_npgsql_tx WHERE n > @min", connection, transaction);
            command.Parameters.AddWithValue("min", 0);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        Assert.Equal(1, await CountAsync()); // cached now
        await origin.QueryAsSuperuserAsync("INSERT INTO cache_npgsql_tx VALUES (2)");
        Assert.Equal(1, await CountAsync()); // within max_age: the cached answer

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.Equal(2, await CountAsync(transaction));
            await transaction.CommitAsync();
        }

        Assert.Equal(1, await CountAsync()); // outside again: the entry, still within max_age
    }

    private static async Task<List<string>> ReadAllAsync(PoolerServer server)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.NpgsqlConnectionString());
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = new List<string>();
        async Task ReadAsync(NpgsqlCommand command)
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }

            rows.Add("--");
        }

        foreach (var id in new[] { 7, 8, 7 })
        {
            await using var command = new NpgsqlCommand("SELECT id, name, id * 1.5, id IS NULL, $2::text FROM items WHERE id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            command.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await ReadAsync(command);
        }

        await ReadAsync(new NpgsqlCommand("SELECT id, name FROM items ORDER BY id", connection));
        await ReadAsync(new NpgsqlCommand("SELECT '{1,2}'::int[], 'x'::bytea, 1e300::float8, NULL::int, 12.50", connection));
        // All columns as text: the same statement asks for other result formats, so it is another entry.
        await ReadAsync(new NpgsqlCommand("SELECT '{1,2}'::int[], 'x'::bytea, 1e300::float8, NULL::int, 12.50", connection) { AllResultTypesAreUnknown = true });

        // Prepared: Npgsql's named statement, bound by its name from then on.
        await using var prepared = new NpgsqlCommand("SELECT name FROM items WHERE id < @n ORDER BY id", connection);
        prepared.Parameters.Add(new NpgsqlParameter<int>("n", 4));
        await prepared.PrepareAsync();
        await ReadAsync(prepared);
        prepared.Parameters[0].Value = 6;
        await ReadAsync(prepared);
        return rows;
    }
}
