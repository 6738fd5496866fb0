namespace WorkerSockets.Benchmarks.Tests;

/// <summary>The interleaved P2 harness runs every path and reports each against the raw baseline.</summary>
public sealed class PairedRoundTripTests
{
    [Fact]
    public async Task Interleaved_round_trips_report_every_path_against_raw()
    {
        var rows = await PairedRoundTrip.RunAsync(rounds: 20, warmupRounds: 2, chunks: 2).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(["raw Socket", "WorkerSocket Writable/Readable", "WorkerSocket.Stream"], rows.Select(r => r.Path));
        Assert.Equal(1.0, rows[0].RatioOfMedians);
        Assert.All(rows, r => Assert.True(r.P10Microseconds <= r.MedianMicroseconds && r.MedianMicroseconds <= r.P90Microseconds, r.Path));
        Assert.All(rows, r => Assert.True(r.LowestChunkRatio <= r.HighestChunkRatio, r.Path));
    }
}
