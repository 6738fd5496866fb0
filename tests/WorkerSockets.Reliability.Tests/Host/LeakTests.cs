using System.Diagnostics;
using WorkerSockets.Reliability.Tests.Infrastructure;
using WorkerSockets.Reliability.Tests.Workers;
using Xunit.Abstractions;

namespace WorkerSockets.Reliability.Tests.Host;

[Collection(ProcessWide.Name)]
public sealed class LeakTests(ITestOutputHelper output)
{
    private const int LeakEvery = 10;

    [Fact]
    public async Task Request_cycles_return_file_descriptors_to_baseline_free_every_socket_and_log_each_leaked_socket_once()
    {
        int cycles = Figures.Cycles;
        int warmUp = Math.Max(50, cycles / 5);
        await using var peer = new CountingEchoPeer();
        var logs = new CapturingLoggerProvider(entry => Leaks.IsLeakLog(entry) && entry.Message.Contains(peer.Address, StringComparison.Ordinal), retain: false);
        await using var host = await DevServer.StartAsync(logs);
        using var client = DevServer.ClientFor(host, peer.Address);

        await RunCyclesAsync(client, 0, warmUp);
        await SettleAsync(peer, logs, warmUp);
        var fdsAtBaseline = OpenFileDescriptors.Targets();
        int fdBaseline = fdsAtBaseline.Count;
        long heapSettled = FullGcHeap();

        // Checkpoints show whether any growth is a plateau (pools sized to the load) or a trend (a leak).
        var heapSeries = new List<long> { heapSettled };
        var timer = Stopwatch.StartNew();
        int step = Math.Max(1, (cycles - warmUp) / 4);
        for (int from = warmUp; from < cycles; from += step)
        {
            int to = Math.Min(cycles, from + step);
            await RunCyclesAsync(client, from, to);
            await SettleAsync(peer, logs, to);
            heapSeries.Add(FullGcHeap());
        }

        timer.Stop();
        var fdsAfter = OpenFileDescriptors.Targets();
        int fdAfter = fdsAfter.Count;
        long heapAfter = heapSeries[^1];
        Report("fd_new_targets", string.Join(' ', fdsAfter.Except(fdsAtBaseline)));
        Report("heap_series_bytes", string.Join(' ', heapSeries));
        int leaks = Leaked(cycles);

        Report("cycles", cycles);
        Report("cycles_seconds", timer.Elapsed.TotalSeconds.ToString("F1"));
        Report("fd_baseline", fdBaseline);
        Report("fd_after", fdAfter);
        Report("heap_settled_bytes", heapSettled);
        Report("heap_after_bytes", heapAfter);
        Report("sockets_leaked", leaks);
        Report("leak_log_entries", logs.Kept);
        int alive = SocketsAliveAfterFullGc();
        Report("sockets_made", ReliabilityWorker.CycleSocketsMade());
        Report("sockets_alive_after_gc", alive);

        Assert.True(fdAfter <= fdBaseline, $"open file descriptors: {fdBaseline} after warm-up, {fdAfter} after {cycles} cycles");
        // Every socket, closed or leaked and aborted, must be unreachable once its request ended: exact, where a heap
        // size would only be noise-bounded (the heap series above is reported for the long runs to show a trend).
        Assert.Equal(cycles, ReliabilityWorker.CycleSocketsMade());
        Assert.Equal(0, alive);
        Assert.Equal(leaks, logs.Kept);
    }

    private static int Leaked(int cycles) => (cycles + LeakEvery - 1) / LeakEvery;

    private static async Task RunCyclesAsync(HttpClient client, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            var reply = await client.GetStringAsync(i % LeakEvery == 0 ? "/cycle?leak=1" : "/cycle?leak=0").Within();
            Assert.Equal("ping", reply);
        }
    }

    /// <summary>Waits until the peer has seen every connection end and every leaked socket has been logged.</summary>
    private static async Task SettleAsync(CountingEchoPeer peer, CapturingLoggerProvider logs, int cycles)
    {
        await peer.WaitForEndedAsync(cycles, Timeouts.Default);
        await logs.WaitForKeptAsync(Leaked(cycles), Timeouts.Default);
    }

    private static int SocketsAliveAfterFullGc()
    {
        FullGcHeap();
        return ReliabilityWorker.CycleSocketsAlive();
    }

    private static long FullGcHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private void Report(string name, object value)
    {
        output.WriteLine($"{name}={value}");
        Figures.Report(name, value);
    }
}
