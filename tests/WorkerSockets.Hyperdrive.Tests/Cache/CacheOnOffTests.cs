using Microsoft.Extensions.Configuration;
using Npgsql;
using WorkerSockets.Hosting.HyperdriveHosting;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>Clients nobody here wrote get the same answers, byte for byte, with the cache on (miss and hit) and off.</summary>
[Collection(OriginCollection.Name)]
public sealed class CacheOnOffTests(OriginClusterFixture origin)
{
    private static readonly string[] Reads =
    [
        "SELECT * FROM items ORDER BY id",
        "SELECT count(*), max(name), sum(id)::numeric / 7 FROM items",
        "VALUES (1, 'a', NULL::int), (2, NULL, 3)",
        "TABLE items",
        "WITH t AS (SELECT id FROM items WHERE id < 4) SELECT id, id * 1.5 FROM t ORDER BY 1",
        "SELECT NULL::int, ''::text, '\\x00ff'::bytea, '2024-01-02'::date, 1e300::float8, '{1,2}'::int[]",
        "SELECT 1/0",
        "SELECT * FROM items WHERE false",
    ];

    [Fact]
    public async Task Replies_are_identical_byte_for_byte_on_a_miss_a_hit_and_with_the_cache_off()
    {
        await using var on = await CachedPool.StartAsync(origin);
        await using var off = await CachedPool.StartAsync(origin, cache: false);
        await using var onClient = await on.ClientAsync();
        await using var offClient = await off.ClientAsync();

        foreach (var sql in Reads)
        {
            var expected = Flatten(await offClient.RunAsync(sql));
            Assert.Equal(expected, Flatten(await onClient.RunAsync(sql))); // miss
            Assert.Equal(expected, Flatten(await onClient.RunAsync(sql))); // hit (or the origin again, for the error)
        }
    }

    [Fact]
    public async Task Psql_prints_the_same_with_the_cache_on_and_off()
    {
        await using var on = await CachedPool.StartAsync(origin);
        await using var off = await CachedPool.StartAsync(origin, cache: false);
        var arguments = new List<string> { "-X", "-A" };
        foreach (var sql in Reads.Where(r => !r.Contains("1/0", StringComparison.Ordinal)))
        {
            arguments.AddRange(["-c", sql]);
        }

        var expected = await ClientProgram.RunAsync(off.Server, "psql", arguments);
        Assert.Equal(0, expected.ExitCode);
        Assert.Contains("item 100", expected.Output, StringComparison.Ordinal);
        for (int run = 0; run < 2; run++)
        {
            var actual = await ClientProgram.RunAsync(on.Server, "psql", arguments);
            Assert.Equal(0, actual.ExitCode);
            Assert.Equal(expected.Output, actual.Output);
        }
    }

    [Fact]
    public async Task Npgsql_reads_the_same_with_the_cache_on_and_off()
    {
        await using var on = await CachedPool.StartAsync(origin);
        await using var off = await CachedPool.StartAsync(origin, cache: false);
        Assert.Equal(await ReadAllAsync(off.Server), await ReadAllAsync(on.Server));
        Assert.Equal(await ReadAllAsync(off.Server), await ReadAllAsync(on.Server));
    }

    [Fact]
    public void Cache_settings_come_from_options_then_configuration_then_the_binding()
    {
        // On by default, as on the platform.
        Assert.True(new HyperdrivePoolOptions().CacheEnabled);
        Assert.True(HyperdrivePoolSettings.For("PLAIN", new WorkerHostOptions(), new ConfigurationBuilder().Build()).CacheEnabled);

        var options = new WorkerHostOptions();
        options.Hyperdrive.CacheMaxAge = TimeSpan.FromSeconds(30);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hyperdrive:CacheEnabled"] = "true",
            ["Hyperdrive:CacheStaleWhileRevalidate"] = "0",
            ["Hyperdrive:OFF:CacheEnabled"] = "false",
            ["Hyperdrive:BIG:CacheSizeLimit"] = "1000",
        }).Build();

        var db = HyperdrivePoolSettings.For("DB", options, configuration);
        Assert.True(db.CacheEnabled);
        Assert.Equal(TimeSpan.FromSeconds(30), db.CacheMaxAge);
        Assert.Equal(TimeSpan.Zero, db.CacheStaleWhileRevalidate);
        Assert.False(HyperdrivePoolSettings.For("OFF", options, configuration).CacheEnabled);
        Assert.Equal(1000, HyperdrivePoolSettings.For("BIG", options, configuration).CacheSizeLimit);
        Assert.Equal(64L * 1024 * 1024, db.CacheSizeLimit);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hyperdrive:DB:CacheEnabled"] = "yes" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => HyperdrivePoolSettings.For("DB", options, bad));
        Assert.Equal("Configuration Hyperdrive:DB:CacheEnabled: expected true or false.", error.Message);
    }

    private static async Task<List<string>> ReadAllAsync(PoolerServer server)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.NpgsqlConnectionString());
        var rows = new List<string>();
        foreach (var sql in new[] { "SELECT id, name FROM items ORDER BY id", "SELECT count(*)::text, max(name) FROM items" })
        {
            await using var command = dataSource.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add($"{reader.GetValue(0)}|{reader.GetValue(1)}");
            }
        }

        return rows;
    }

    private static List<string> Flatten(List<PgMessage> replies) => replies.Select(r => r.Type + Convert.ToHexString(r.Body)).ToList();
}
