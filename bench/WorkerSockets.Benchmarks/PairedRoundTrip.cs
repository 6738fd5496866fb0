using System.Diagnostics;
using System.Globalization;

namespace WorkerSockets.Benchmarks;

/// <summary>
/// P2 with the three paths interleaved: one cycle of each (in rotating order) per round, thousands of rounds, medians.
/// BenchmarkDotNet runs every iteration of one path before the next, so on a shared machine a load change between paths
/// lands in the ratio; interleaving puts the same load on every path, which is what a ratio near 1.15× needs.
/// </summary>
public static class PairedRoundTrip
{
    public const string Command = "paired-roundtrip";

    public sealed record Row(string Path, double MedianMicroseconds, double P10Microseconds, double P90Microseconds, double RatioOfMedians, double LowestChunkRatio, double HighestChunkRatio);

    public static async Task<IReadOnlyList<Row>> RunAsync(int rounds, int warmupRounds = 200, int chunks = 10)
    {
        var benchmarks = new RoundTripBenchmarks();
        await benchmarks.SetupAsync();
        try
        {
            (string Name, Func<Task<long>> Run)[] paths =
            [
                ("raw Socket", benchmarks.RawSocket),
                ("WorkerSocket Writable/Readable", benchmarks.WorkerSocketPipes),
                ("WorkerSocket.Stream", benchmarks.WorkerSocketStream),
            ];
            var samples = paths.Select(_ => new double[rounds]).ToArray();
            for (var round = -warmupRounds; round < rounds; round++)
            {
                for (var k = 0; k < paths.Length; k++)
                {
                    // Rotating the order keeps any path from always running right after the same other one.
                    var index = (Math.Abs(round) + k) % paths.Length;
                    var start = Stopwatch.GetTimestamp();
                    var echoed = await paths[index].Run();
                    var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                    if (echoed != RoundTripBenchmarks.MessageSize)
                    {
                        throw new InvalidOperationException($"{paths[index].Name} echoed {echoed} bytes, not {RoundTripBenchmarks.MessageSize}.");
                    }

                    if (round >= 0)
                    {
                        samples[index][round] = elapsed;
                    }
                }
            }

            return Summarize(paths.Select(p => p.Name).ToList(), samples, chunks);
        }
        finally
        {
            await benchmarks.CleanupAsync();
        }
    }

    /// <summary>
    /// One row per path from its per-round samples (microseconds; the first path is the baseline): median, p10, p90, the
    /// ratio of its median to the baseline's, and the lowest and highest ratio over <paramref name="chunks"/> equal
    /// stretches of rounds (a trailing partial stretch is left out).
    /// </summary>
    public static IReadOnlyList<Row> Summarize(IReadOnlyList<string> names, double[][] samples, int chunks)
    {
        var chunkSize = Math.Max(1, samples[0].Length / chunks);
        var baselineChunks = Chunks(samples[0], chunkSize).Select(Median).ToList();
        return names.Select((name, i) =>
        {
            var ratios = Chunks(samples[i], chunkSize).Select(Median).Zip(baselineChunks, (own, raw) => own / raw).ToList();
            return new Row(name, Median(samples[i]), Percentile(samples[i], 0.10), Percentile(samples[i], 0.90), Median(samples[i]) / Median(samples[0]), ratios.Min(), ratios.Max());
        }).ToList();
    }

    public static void Print(IReadOnlyList<Row> rows, int rounds, TextWriter output)
    {
        output.WriteLine($"P2 interleaved: {rounds} rounds of connect, one 16-byte round trip, close on each path (after a warm-up)");
        output.WriteLine("| path | median µs | p10 µs | p90 µs | ratio of medians | ratio range over 10 chunks |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Path} | {row.MedianMicroseconds:F1} | {row.P10Microseconds:F1} | {row.P90Microseconds:F1} | {row.RatioOfMedians:F3} | {row.LowestChunkRatio:F3}–{row.HighestChunkRatio:F3} |"));
        }
    }

    private static IEnumerable<double[]> Chunks(double[] values, int size) => values.Chunk(size).Where(chunk => chunk.Length == size);

    private static double Median(double[] values) => Percentile(values, 0.5);

    private static double Percentile(double[] values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(fraction * (sorted.Length - 1))];
    }
}
