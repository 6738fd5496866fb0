using System.Globalization;
using CsCheck;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>
/// Random mixes of reads and writes (simple and extended protocol), transactions and clock steps against a model of the staleness the platform allows: a
/// read outside a transaction may return any value its row held during the last <c>max_age + stale_while_revalidate</c>;
/// a read inside a transaction, only the current one.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class QueryCachePropertyTests(OriginClusterFixture origin)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);

    private enum Kind
    {
        Read,
        ReadExtended,
        Write,
        WriteExtended,
        ReadInTransaction,
        Advance,
    }

    private sealed record Step(Kind Kind, int Key, int Value, int Seconds)
    {
        public override string ToString() => Kind switch
        {
            Kind.Write or Kind.WriteExtended => $"{Kind} k{Key}={Value}",
            Kind.Advance => $"advance {Seconds}s",
            _ => $"{Kind} k{Key}",
        };
    }

    private static readonly Gen<Step> Steps = Gen.Frequency(
        (3, Gen.Int[0, 2].Select(k => new Step(Kind.Read, k, 0, 0))),
        (3, Gen.Int[0, 2].Select(k => new Step(Kind.ReadExtended, k, 0, 0))),
        (2, Gen.Select(Gen.Int[0, 2], Gen.Int[1, 1000]).Select((k, v) => new Step(Kind.Write, k, v, 0))),
        (2, Gen.Select(Gen.Int[0, 2], Gen.Int[1, 1000]).Select((k, v) => new Step(Kind.WriteExtended, k, v, 0))),
        (1, Gen.Int[0, 2].Select(k => new Step(Kind.ReadInTransaction, k, 0, 0))),
        (2, Gen.Int[1, 16].Select(s => new Step(Kind.Advance, 0, 0, s))));

    [Fact]
    public async Task Reads_are_never_staler_than_max_age_plus_stale_while_revalidate()
    {
        await origin.QueryAsSuperuserAsync($"DROP TABLE IF EXISTS cache_prop; CREATE TABLE cache_prop (k integer PRIMARY KEY, v integer NOT NULL); ALTER TABLE cache_prop OWNER TO {origin.OriginRole.Name}");
        await using var pool = await CachedPool.StartAsync(origin, configure: o =>
        {
            o.CacheMaxAge = MaxAge;
            o.CacheStaleWhileRevalidate = Stale;
        });
        await using var client = await pool.ClientAsync();

        await Gen.Int[1, 30].SelectMany(n => Steps.Array[n]).SampleAsync(async steps =>
        {
            // A fresh start: whatever an earlier run cached is far past both windows.
            pool.Clock.Advance(TimeSpan.FromHours(1));
            await client.ColumnAsync("DELETE FROM cache_prop");
            await client.ColumnAsync("INSERT INTO cache_prop SELECT k, 0 FROM generate_series(0, 2) k");
            var history = Enumerable.Range(0, 3).Select(_ => new List<(DateTimeOffset From, int Value)> { (pool.Clock.GetUtcNow(), 0) }).ToArray();

            foreach (var step in steps)
            {
                var now = pool.Clock.GetUtcNow();
                switch (step.Kind)
                {
                    case Kind.Write:
                        await client.ColumnAsync($"UPDATE cache_prop SET v = {step.Value} WHERE k = {step.Key}");
                        history[step.Key].Add((now, step.Value));
                        break;
                    case Kind.WriteExtended:
                        Assert.Empty((await client.RunParamsAsync("UPDATE cache_prop SET v = $1 WHERE k = $2", [step.Value.ToString(CultureInfo.InvariantCulture), step.Key.ToString(CultureInfo.InvariantCulture)])).Column());
                        history[step.Key].Add((now, step.Value));
                        break;
                    case Kind.Advance:
                        pool.Clock.Advance(TimeSpan.FromSeconds(step.Seconds));
                        break;
                    case Kind.ReadInTransaction:
                        Assert.Equal('T', (await client.RunAsync("BEGIN")).Status());
                        int inside = int.Parse(await client.ScalarAsync($"SELECT v FROM cache_prop WHERE k = {step.Key}"), CultureInfo.InvariantCulture);
                        Assert.Equal('I', (await client.RunAsync("COMMIT")).Status());
                        Assert.True(inside == history[step.Key][^1].Value, $"{step}: {inside} inside a transaction, but the row holds {history[step.Key][^1].Value}");
                        break;
                    default:
                        string text = step.Kind == Kind.Read
                            ? await client.ScalarAsync($"SELECT v FROM cache_prop WHERE k = {step.Key}")
                            : Assert.Single((await client.RunParamsAsync("SELECT v FROM cache_prop WHERE k = $1", [step.Key.ToString(CultureInfo.InvariantCulture)])).Column());
                        int read = int.Parse(text, CultureInfo.InvariantCulture);
                        var allowed = Allowed(history[step.Key], now - MaxAge - Stale);
                        Assert.True(allowed.Contains(read), $"{step}: read {read}, allowed {string.Join(",", allowed)}");
                        break;
                }
            }
        }, iter: 40, threads: 1, print: steps => string.Join("; ", steps));
    }

    // Every value the row held at some moment from `since` on (inclusive: a value replaced at exactly `since` counts).
    private static HashSet<int> Allowed(List<(DateTimeOffset From, int Value)> history, DateTimeOffset since)
    {
        int first = history.FindLastIndex(h => h.From < since);
        return history.Skip(Math.Max(first, 0)).Select(h => h.Value).ToHashSet();
    }
}
