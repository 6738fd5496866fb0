// Batch 4: health probes and shard queries fanned out with Task.WhenAll over a list of hosts.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.FanOut;

public sealed record ProbeResult(string Host, bool Healthy, string? Address);

public static class Probes
{
    public static async Task<ProbeResult> ProbeAsync(string host, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, 5432);
        try
        {
            var info = await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
            return new ProbeResult(host, true, info.RemoteAddress);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ProbeResult(host, false, null);
        }
    }

    public static async Task<ProbeResult[]> ProbeAllAsync(IReadOnlyList<string> hosts, CancellationToken ct)
    {
        // At most six at a time: the request's socket limit.
        using var gate = new SemaphoreSlim(6);
        var probes = hosts.Select(async host =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return await ProbeAsync(host, ct).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        });
        return await Task.WhenAll(probes).ConfigureAwait(false);
    }

    public static async Task<string?[]> OpenAllThenReadAsync(IReadOnlyList<string> hosts)
    {
        var sockets = new List<WorkerSocket>();
        foreach (var host in hosts)
        {
            sockets.Add(Sockets.Connect(host, 5432)); // expect: WSK008
        }

        var infos = await Task.WhenAll(sockets.Select(s => s.Opened)).ConfigureAwait(false);
        await Task.WhenAll(sockets.Select(s => s.CloseAsync())).ConfigureAwait(false);
        return infos.Select(i => i.RemoteAddress).ToArray();
    }

    public static async Task<WorkerSocket[]> OpenArrayAsync(string[] hosts)
    {
        var sockets = new WorkerSocket[hosts.Length];
        for (var i = 0; i < hosts.Length; i++)
        {
            sockets[i] = Sockets.Connect(hosts[i], 6379); // expect: WSK008
        }

        await Task.WhenAll(sockets.Select(s => s.Opened)).ConfigureAwait(false);
        return sockets;
    }

    public static async Task QueryShardsSequentiallyAsync(IEnumerable<string> shards, CancellationToken ct)
    {
        foreach (var shard in shards)
        {
            var socket = Sockets.Connect(shard, 5432);
            try
            {
                await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                await socket.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    public static async Task BackgroundFanOutAsync(WorkerContext ctx, IReadOnlyList<string> hosts, CancellationToken ct)
    {
        var work = new List<Task>();
        foreach (var host in hosts.Take(6))
        {
            var socket = Sockets.Connect(host, 5432);
            work.Add(Task.Run(async () =>
            {
                await using var _ = socket.ConfigureAwait(false);
                await socket.Opened.ConfigureAwait(false);
            }, ct));
        }

        ctx.WaitUntil(Task.WhenAll(work));
    }

    public static void FanOutAndForget(IReadOnlyList<string> hosts)
    {
        foreach (var host in hosts)
        {
            var socket = Sockets.Connect(host, 5432);
            Task.Run(async () => await socket.CloseAsync().ConfigureAwait(false)); // expect: WSK003
        }
    }

    public static async Task<int> SevenReplicasAsync(CancellationToken ct)
    {
        await using var r1 = Sockets.Connect("replica-1.db", 5432);
        await using var r2 = Sockets.Connect("replica-2.db", 5432);
        await using var r3 = Sockets.Connect("replica-3.db", 5432);
        await using var r4 = Sockets.Connect("replica-4.db", 5432);
        await using var r5 = Sockets.Connect("replica-5.db", 5432);
        await using var r6 = Sockets.Connect("replica-6.db", 5432);
        await using var r7 = Sockets.Connect("replica-7.db", 5432); // expect: WSK008
        var opened = await Task.WhenAll(r1.Opened, r2.Opened, r3.Opened, r4.Opened, r5.Opened, r6.Opened, r7.Opened).WaitAsync(ct).ConfigureAwait(false);
        return opened.Length;
    }

    public static async Task<int> ThreeAtATimeAsync(CancellationToken ct)
    {
        var total = 0;
        {
            await using var a = Sockets.Connect("replica-1.db", 5432);
            await using var b = Sockets.Connect("replica-2.db", 5432);
            await using var c = Sockets.Connect("replica-3.db", 5432);
            total += (await Task.WhenAll(a.Opened, b.Opened, c.Opened).ConfigureAwait(false)).Length;
        }

        {
            await using var d = Sockets.Connect("replica-4.db", 5432);
            await using var e = Sockets.Connect("replica-5.db", 5432);
            await using var f = Sockets.Connect("replica-6.db", 5432);
            await using var g = Sockets.Connect("replica-7.db", 5432);
            total += (await Task.WhenAll(d.Opened, e.Opened, f.Opened, g.Opened).WaitAsync(ct).ConfigureAwait(false)).Length;
        }

        return total;
    }
}
