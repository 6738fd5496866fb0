using WorkerSockets.Hosting.Hyperdrive.Cache;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

public sealed class QueryCacheabilityTests
{
    private static readonly FunctionCatalog Catalog = new(
        new HashSet<string>(["count", "lower", "now", "random", "nextval", "repeat", "generate_series", "upper", "txid_current"], StringComparer.OrdinalIgnoreCase),
        new HashSet<string>(["now", "random", "nextval", "txid_current"], StringComparer.OrdinalIgnoreCase));

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("  select count(*) from items where name = 'x;y' -- trailing; comment")]
    [InlineData("WITH a AS (SELECT 1) SELECT * FROM a;")]
    [InlineData("VALUES (1), (2)")]
    [InlineData("TABLE items")]
    [InlineData("SELECT lower(name) FROM items /* a ; comment /* nested */ */")]
    [InlineData("SELECT 'now()' , \"Name\" FROM items")]
    [InlineData("SELECT * FROM items WHERE id = $1 AND name <> $2")]
    [InlineData("SELECT $1::int + $12, '$$' FROM items")]
    public void Read_only_statements_are_cacheable(string sql) => Assert.True(QueryCacheability.IsCacheable(sql, Catalog));

    [Theory]
    [InlineData("INSERT INTO items VALUES (1)")]
    [InlineData("UPDATE items SET name = 'a'")]
    [InlineData("WITH a AS (DELETE FROM items RETURNING *) SELECT * FROM a")]
    [InlineData("SELECT * FROM items FOR UPDATE")]
    [InlineData("SELECT * FROM items FOR NO KEY UPDATE")]
    [InlineData("SELECT * INTO copy FROM items")]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("SELECT 1; INSERT INTO items VALUES (1)")]
    [InlineData("SELECT now()")]
    [InlineData("SELECT NOW ( )")]
    [InlineData("SELECT pg_catalog.random()")]
    [InlineData("SELECT \"random\"()")]
    [InlineData("SELECT nextval('s')")]
    [InlineData("SELECT made_later()")]
    [InlineData("SELECT txid_current()")]
    [InlineData("SELECT current_timestamp")]
    [InlineData("SELECT CURRENT_DATE - 1")]
    [InlineData("SELECT made_later /* hidden */ ()")]
    [InlineData("(SELECT 1)")]
    [InlineData("BEGIN")]
    [InlineData("SET search_path = x")]
    [InlineData("SHOW search_path")]
    [InlineData("EXPLAIN ANALYZE SELECT 1")]
    [InlineData("SELECT $$a$$")]
    [InlineData("SELECT $tag$a$tag$")]
    [InlineData("SELECT $1$$a$$")]
    [InlineData("SELECT a$1 FROM items")]
    [InlineData("SELECT now() = $1")]
    [InlineData("$1")]
    [InlineData("SELECT E'\\'' FROM items")]
    [InlineData("SELECT 'unterminated")]
    [InlineData("SELECT 1 /* unterminated")]
    [InlineData("")]
    [InlineData(";")]
    public void Anything_else_is_not(string sql) => Assert.False(QueryCacheability.IsCacheable(sql, Catalog));
}
