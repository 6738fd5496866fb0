// Pipelines of async methods: ValueTask, ConfigureAwait(false), cancellation tokens, Task.WhenAll over sockets, LINQ.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.AsyncPipelines;

static class Stages
{
    public static async ValueTask<WorkerSocket> OpenAsync(string host, CancellationToken ct)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened.WaitAsync(ct).ConfigureAwait(false);
        return s;
    }

    public static async ValueTask SendAsync(WorkerSocket s, ReadOnlyMemory<byte> data, CancellationToken ct)
        => await s.Writable.WriteAsync(data, ct).ConfigureAwait(false);

    public static async ValueTask FinishAsync(WorkerSocket s)
    {
        await s.Writable.CompleteAsync().ConfigureAwait(false);
        await s.CloseAsync().ConfigureAwait(false);
    }

    public static async Task Pipeline(string host, CancellationToken ct)
    {
        var s = await OpenAsync(host, ct).ConfigureAwait(false);
        await SendAsync(s, new byte[] { 1 }, ct).ConfigureAwait(false);
        await FinishAsync(s).ConfigureAwait(false);
    }

    public static async Task HandsToFinisher(string host, CancellationToken ct)
    {
        var s = Sockets.Connect(host, 5432);
        await SendAsync(s, new byte[] { 1 }, ct);
        await FinishAsync(s);
    }

    public static async Task OnlySends(string host, CancellationToken ct)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        await SendAsync(s, new byte[] { 1 }, ct).ConfigureAwait(false);
    }

    public static async Task FanOut(string[] shards)
    {
        var sockets = shards.Select(h => Sockets.Connect(h, 6379)).ToList();
        try
        {
            await Task.WhenAll(sockets.Select(s => s.Opened));
        }
        finally
        {
            await Task.WhenAll(sockets.Select(s => s.CloseAsync()));
        }
    }

    public static async Task TwoAtOnce(string a, string b)
    {
        var left = Sockets.Connect(a, 5432);
        var right = Sockets.Connect(b, 5432);
        await Task.WhenAll(left.Opened, right.Opened).ConfigureAwait(false);
        await Task.WhenAll(left.CloseAsync(), right.CloseAsync()).ConfigureAwait(false);
    }

    public static async Task<int> CountOpen(IEnumerable<string> hosts, CancellationToken ct)
    {
        var results = await Task.WhenAll(hosts.Select(async host =>
        {
            await using var s = Sockets.Connect(host, 5432);
            await s.Opened.WaitAsync(ct);
            return 1;
        }));
        return results.Sum();
    }

    public static async Task CancellationClosesIt(string host, CancellationToken ct)
    {
        var s = Sockets.Connect(host, 5432);
        using var registration = ct.Register(() => s.CloseAsync()); // expect: WSK002
        await s.Opened;
    }

    public static async Task CancellationObservesClose(string host, WorkerContext ctx, CancellationToken ct)
    {
        var s = Sockets.Connect(host, 5432);
        using var registration = ct.Register(() => ctx.WaitUntil(s.CloseAsync()));
        await s.Opened;
    }

    public static async Task ClosingTaskKept(string host)
    {
        var s = Sockets.Connect(host, 5432);
        var closing = s.CloseAsync();
        await Task.Delay(10);
        await closing;
    }

    public static async Task ConfigureAwaitDropped(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened.ConfigureAwait(false);
        s.CloseAsync().ConfigureAwait(false); // expect: WSK002
    }

    public static Task ReturnsTheClose(WorkerSocket s) => s.CloseAsync();

    public static async Task ValueTaskDispose(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened;
        await s.DisposeAsync().ConfigureAwait(false);
    }

    public static void DropsDisposeAsTask(WorkerSocket s)
    {
        s.DisposeAsync().AsTask(); // expect: WSK002
    }
}
