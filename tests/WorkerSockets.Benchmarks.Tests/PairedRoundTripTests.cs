namespace WorkerSockets.Benchmarks.Tests;

/// <summary>The interleaved P2 harness runs every path and reports each against the raw baseline.</summary>
public sealed class PairedRoundTripTests
{
    [Fact]
    public async Task Interleaved_round_trips_report_every_path_against_raw()
    {
        var rows = await PairedRoundTrip.RunAsync(rounds: 20, warmupRounds: 2, chunks: 2).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(["raw Socket", "WorkerSocket Writable/Readable", "WorkerSocket.Stream"], rows.Select(r => r.Path));

        // A round whose time was never recorded would be a zero sample, and a tenth of them would show at p10.
        Assert.All(rows, r => Assert.True(r.P10Microseconds > 0, $"{r.Path}: p10 {r.P10Microseconds} µs"));
        Assert.All(rows, r => Assert.True(r.P10Microseconds <= r.MedianMicroseconds && r.MedianMicroseconds <= r.P90Microseconds, r.Path));
        Assert.All(rows, r => Assert.Equal(r.MedianMicroseconds / rows[0].MedianMicroseconds, r.RatioOfMedians));
    }

    [Fact]
    public void Summary_gives_each_paths_percentiles_and_its_ratios_to_the_baseline_overall_and_per_chunk()
    {
        // Nine rounds in three chunks; within each chunk the order is shuffled so that a median must sort.
        double[] raw = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] twice = [6, 2, 4, 10, 8, 12, 18, 14, 16];
        double[] uneven = [3, 1, 2, 20, 10, 15, 8, 9, 7];

        var rows = PairedRoundTrip.Summarize(["raw", "twice", "uneven"], [raw, twice, uneven], chunks: 3);

        Assert.Equal(
            [
                new PairedRoundTrip.Row("raw", MedianMicroseconds: 5, P10Microseconds: 2, P90Microseconds: 8, RatioOfMedians: 1, LowestChunkRatio: 1, HighestChunkRatio: 1),
                new PairedRoundTrip.Row("twice", MedianMicroseconds: 10, P10Microseconds: 4, P90Microseconds: 16, RatioOfMedians: 2, LowestChunkRatio: 2, HighestChunkRatio: 2),

                // Sorted: 1 2 3 7 8 9 10 15 20; chunk medians 2, 15, 8 against the baseline's 2, 5, 8.
                new PairedRoundTrip.Row("uneven", MedianMicroseconds: 8, P10Microseconds: 2, P90Microseconds: 15, RatioOfMedians: 1.6, LowestChunkRatio: 1, HighestChunkRatio: 3),
            ],
            rows);
    }

    [Fact]
    public void Summary_leaves_out_a_trailing_partial_chunk()
    {
        // Ten rounds in three chunks of three: the tenth round (a 100x outlier) belongs to no chunk.
        double[] raw = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        double[] slowLast = [2, 2, 2, 2, 2, 2, 2, 2, 2, 100];

        var rows = PairedRoundTrip.Summarize(["raw", "slow last"], [raw, slowLast], chunks: 3);

        Assert.Equal((2.0, 2.0), (rows[1].LowestChunkRatio, rows[1].HighestChunkRatio));
        Assert.Equal(2.0, rows[1].RatioOfMedians);
    }
}
