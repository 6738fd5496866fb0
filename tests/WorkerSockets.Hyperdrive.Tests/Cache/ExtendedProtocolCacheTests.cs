using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;
using static WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure.PgTestClient;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>
/// The cache under the extended protocol (Parse/Bind/Describe/Execute/Sync), against the real origin: replies byte for
/// byte as the origin gives them, and the parameters, formats and statement text all part of what an entry is for.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class ExtendedProtocolCacheTests(OriginClusterFixture origin)
{
    private const string ByName = "SELECT id, name, id * 1.5 FROM items WHERE name = $1 OR id = $2::int ORDER BY id";

    // Each is one exchange through Sync; the statement "by_name" is prepared first, on its own.
    private static readonly byte[][][] Exchanges =
    [
        [Parse("", ByName), ExtendedQuery.Bind("", ["item 7", "3"]), Target('D', 'P', ""), Execute(""), Sync],
        [Parse("", ByName), ExtendedQuery.Bind("", ["item 7", "3"], resultFormat: 1), Target('D', 'P', ""), Execute(""), Sync],
        [Parse("", ByName), Target('D', 'S', ""), ExtendedQuery.Bind("", ["item 9", null]), Execute(""), Sync],
        [Parse("", "SELECT count(*) FROM items"), ExtendedQuery.Bind("", []), Execute(""), Sync],
        [Parse("", "SELECT * FROM items WHERE false"), ExtendedQuery.Bind("", []), Target('D', 'P', ""), Execute(""), Sync],
        [Parse("", "SELECT 10 / $1::int"), ExtendedQuery.Bind("", ["0"]), Target('D', 'P', ""), Execute(""), Sync],
        [ExtendedQuery.Bind("by_name", ["item 2", "5"]), Target('D', 'P', ""), Execute(""), Sync],
        [ExtendedQuery.Bind("by_name", ["item 2", "5"], resultFormat: 1), Execute(""), Sync],

        // Shapes the cache does not take: a row limit (PortalSuspended), two Executes, a Flush, a named Parse, a Close.
        [Parse("", ByName), ExtendedQuery.Bind("", ["x", "4"]), Message('E', [.. CString(""), .. Int32(1)]), Sync],
        [Parse("", "SELECT 1"), ExtendedQuery.Bind("", []), Execute(""), ExtendedQuery.Bind("", []), Execute(""), Sync],
        [Parse("", "SELECT 2"), ExtendedQuery.Bind("", []), Message('H', []), Execute(""), Sync],
        [Parse("temporary", "SELECT 3"), ExtendedQuery.Bind("temporary", []), Execute(""), Target('C', 'S', "temporary"), Sync],
    ];

    [Fact]
    public async Task Replies_are_identical_byte_for_byte_on_a_miss_a_hit_and_with_the_cache_off()
    {
        using var counters = new CacheCounters();
        await using var on = await CachedPool.StartAsync(origin);
        await using var off = await CachedPool.StartAsync(origin, cache: false);
        await using var onClient = await on.ClientAsync();
        await using var offClient = await off.ClientAsync();
        byte[][] prepare = [Parse("by_name", ByName), Target('D', 'S', "by_name"), Sync];
        Assert.Equal((await offClient.ExchangeAsync(prepare)).Flatten(), (await onClient.ExchangeAsync(prepare)).Flatten());

        foreach (var exchange in Exchanges)
        {
            var expected = (await offClient.ExchangeAsync(exchange)).Flatten();
            Assert.Equal(expected, (await onClient.ExchangeAsync(exchange)).Flatten()); // miss
            Assert.Equal(expected, (await onClient.ExchangeAsync(exchange)).Flatten()); // hit (or the origin again)
        }

        // The first eight are cacheable; the division by zero is an error, asked of the origin both times.
        Assert.Equal(9, counters["hyperdrive.cache.misses"]);
        Assert.Equal(7, counters["hyperdrive.cache.hits"]);
    }

    [Fact]
    public async Task The_same_text_with_different_parameter_values_never_shares_an_entry()
    {
        await using var pool = await CachedPool.StartAsync(origin);
        await using var client = await pool.ClientAsync();
        const string sql = "SELECT name FROM items WHERE id = $1";
        for (int round = 0; round < 2; round++)
        {
            foreach (var id in new[] { "1", "2", "3", "02", " 3" })
            {
                Assert.Equal([$"item {int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)}"], (await client.RunParamsAsync(sql, [id])).Column());
            }

            Assert.Equal(["t"], (await client.RunParamsAsync("SELECT $1::text IS NULL", [null])).Column());
            Assert.Equal(["f"], (await client.RunParamsAsync("SELECT $1::text IS NULL", [""])).Column());
        }
    }

    [Fact]
    public async Task An_exchange_over_64_KiB_goes_to_the_origin_uncounted()
    {
        using var counters = new CacheCounters();
        await using var pool = await CachedPool.StartAsync(origin);
        await using var client = await pool.ClientAsync();
        const string sql = "SELECT count(*) FROM items WHERE name <> $1";

        Assert.Equal(["100"], (await client.RunParamsAsync(sql, ["small"])).Column());
        Assert.Equal(1, counters["hyperdrive.cache.misses"]);
        Assert.Equal(["100"], (await client.RunParamsAsync(sql, [new string('x', 70_000)])).Column());
        Assert.Equal(["100"], (await client.RunParamsAsync(sql, [new string('x', 70_000)])).Column());
        Assert.Equal(1, counters["hyperdrive.cache.misses"]); // held back no further than 64 KiB: the ordinary path
        Assert.Equal(0, counters["hyperdrive.cache.hits"]);
    }

    [Fact]
    public async Task Binary_and_text_result_formats_never_share_an_entry()
    {
        using var counters = new CacheCounters();
        await using var pool = await CachedPool.StartAsync(origin);
        await using var client = await pool.ClientAsync();
        const string sql = "SELECT count(*) FROM items WHERE id > $1";
        for (int round = 0; round < 2; round++)
        {
            Assert.Equal(["90"], (await client.RunParamsAsync(sql, ["10"])).Column());
            var binary = (await client.RunParamsAsync(sql, ["10"], resultFormat: 1)).Single(r => r.Type == 'D').Body;
            Assert.Equal([0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 90], binary); // one int8 column, big-endian
        }

        Assert.Equal(2, counters["hyperdrive.cache.misses"]);
        Assert.Equal(2, counters["hyperdrive.cache.hits"]);
    }

    [Fact]
    public async Task A_volatile_function_in_a_parameterized_query_is_never_cached()
    {
        await origin.QueryAsSuperuserAsync($"DROP SEQUENCE IF EXISTS cache_ext_seq; CREATE SEQUENCE cache_ext_seq; ALTER SEQUENCE cache_ext_seq OWNER TO {origin.OriginRole.Name}");
        await origin.QueryAsSuperuserAsync($"DROP TABLE IF EXISTS cache_ext_volatile; CREATE TABLE cache_ext_volatile (n int); ALTER TABLE cache_ext_volatile OWNER TO {origin.OriginRole.Name}");
        await using var pool = await CachedPool.StartAsync(origin);
        await using var client = await pool.ClientAsync();

        var first = (await client.RunParamsAsync("SELECT nextval('cache_ext_seq') + $1::bigint", ["100"])).Column();
        var second = (await client.RunParamsAsync("SELECT nextval('cache_ext_seq') + $1::bigint", ["100"])).Column();
        Assert.Equal(["101"], first);
        Assert.Equal(["102"], second);

        const string clock = "SELECT count(*), now() FROM cache_ext_volatile WHERE n > $1";
        Assert.Equal(["0"], (await client.RunParamsAsync(clock, ["0"])).Column());
        await origin.QueryAsSuperuserAsync("INSERT INTO cache_ext_volatile VALUES (1)");
        Assert.Equal(["1"], (await client.RunParamsAsync(clock, ["0"])).Column());
    }

    [Fact]
    public async Task Named_statements_are_cached_by_their_text_never_by_their_name()
    {
        using var counters = new CacheCounters();
        await using var pool = await CachedPool.StartAsync(origin);
        await using var one = await pool.ClientAsync();
        await using var two = await pool.ClientAsync();
        await using var three = await pool.ClientAsync();
        await one.ExchangeAsync(Parse("s", "SELECT 1 + $1::int"), Sync);
        await two.ExchangeAsync(Parse("s", "SELECT 2 + $1::int"), Sync);
        await three.ExchangeAsync(Parse("other", "SELECT 1 + $1::int"), Sync);

        byte[][] RunS(string name) => [ExtendedQuery.Bind(name, ["1"]), Target('D', 'P', ""), Execute(""), Sync];
        Assert.Equal(["2"], (await one.ExchangeAsync(RunS("s"))).Column());
        Assert.Equal(["3"], (await two.ExchangeAsync(RunS("s"))).Column()); // same name, other text: its own entry
        Assert.Equal(0, counters["hyperdrive.cache.hits"]);
        Assert.Equal(["2"], (await three.ExchangeAsync(RunS("other"))).Column()); // other name, same text: a hit
        Assert.Equal(1, counters["hyperdrive.cache.hits"]);

        // The unnamed statement of an earlier exchange is not there to bind (transaction mode), cache or not.
        var unbound = await one.ExchangeAsync(ExtendedQuery.Bind("", []), Execute(""), Sync);
        Assert.Equal("0A000", Assert.Single(unbound, r => r.Type == 'E').SqlState);
    }
}
