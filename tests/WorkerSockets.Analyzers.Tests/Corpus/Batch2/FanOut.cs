// Batch 2: how many sockets one request holds at once.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.FanOut;

public static class Aggregates
{
    // Six at once is the limit and fine.
    public static async Task<int> SixAsync(string host)
    {
        await using var a = Sockets.Connect(host, 7001);
        await using var b = Sockets.Connect(host, 7002);
        await using var c = Sockets.Connect(host, 7003);
        await using var d = Sockets.Connect(host, 7004);
        await using var e = Sockets.Connect(host, 7005);
        await using var f = Sockets.Connect(host, 7006);
        var infos = await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened);
        return infos.Length;
    }

    // Seven at once: the seventh waits for a slot that never frees.
    public static async Task<int> SevenAsync(string host)
    {
        await using var a = Sockets.Connect(host, 7001);
        await using var b = Sockets.Connect(host, 7002);
        await using var c = Sockets.Connect(host, 7003);
        await using var d = Sockets.Connect(host, 7004);
        await using var e = Sockets.Connect(host, 7005);
        await using var f = Sockets.Connect(host, 7006);
        await using var g = Sockets.Connect(host, 7007); // expect: WSK008
        var infos = await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened, g.Opened);
        return infos.Length;
    }

    // Seven in sequence, each in its own using block.
    public static async Task<int> SevenSequentialAsync(string host)
    {
        var total = 0;
        for (var port = 7001; port <= 7007; port++)
        {
            await using var s = Sockets.Connect(host, port);
            total += (await s.Opened).RemoteAddress?.Length ?? 0;
        }

        return total;
    }

    // Seven in sequence with using statements, written out.
    public static async Task SevenBlocksAsync(string host)
    {
        await using (var s = Sockets.Connect(host, 7001)) { await s.Opened; }
        await using (var s = Sockets.Connect(host, 7002)) { await s.Opened; }
        await using (var s = Sockets.Connect(host, 7003)) { await s.Opened; }
        await using (var s = Sockets.Connect(host, 7004)) { await s.Opened; }
        await using (var s = Sockets.Connect(host, 7005)) { await s.Opened; }
        await using (var s = Sockets.Connect(host, 7006)) { await s.Opened; }
        await using (var s = Sockets.Connect(host, 7007)) { await s.Opened; }
    }

    // Four here, then three more while the four are still open.
    public static async Task PhasesAsync(string host, bool extended)
    {
        var first = new[] { Sockets.Connect(host, 7101), Sockets.Connect(host, 7102), Sockets.Connect(host, 7103), Sockets.Connect(host, 7104) };
        try
        {
            await Task.WhenAll(first.Select(s => s.Opened));
            if (extended)
            {
                await using var x = Sockets.Connect(host, 7105);
                await using var y = Sockets.Connect(host, 7106);
                await using var z = Sockets.Connect(host, 7107); // expect: WSK008
                await Task.WhenAll(x.Opened, y.Opened, z.Opened);
            }
        }
        finally
        {
            await Task.WhenAll(first.Select(s => s.CloseAsync()));
        }
    }

    // Either three primaries or four replicas: never seven at once.
    public static async Task EitherAsync(string host, bool primary)
    {
        if (primary)
        {
            await using var a = Sockets.Connect(host, 7201);
            await using var b = Sockets.Connect(host, 7202);
            await using var c = Sockets.Connect(host, 7203);
            await Task.WhenAll(a.Opened, b.Opened, c.Opened);
        }
        else
        {
            await using var d = Sockets.Connect(host, 7301);
            await using var e = Sockets.Connect(host, 7302);
            await using var f = Sockets.Connect(host, 7303);
            await using var g = Sockets.Connect(host, 7304);
            await Task.WhenAll(d.Opened, e.Opened, f.Opened, g.Opened);
        }
    }

    // A dictionary of sockets per shard, filled in a loop.
    public static async Task<Dictionary<string, WorkerSocket>> ByShardAsync(IEnumerable<string> shards)
    {
        var map = new Dictionary<string, WorkerSocket>();
        foreach (var shard in shards)
        {
            map[shard] = Sockets.Connect(shard, 5432); // expect: WSK008
        }

        await Task.WhenAll(map.Values.Select(s => s.Opened));
        return map;
    }

    // An array of sockets, one per index.
    public static WorkerSocket[] OpenEach(string[] hosts)
    {
        var sockets = new WorkerSocket[hosts.Length];
        for (var i = 0; i < hosts.Length; i++)
        {
            sockets[i] = Sockets.Connect(hosts[i], 5432); // expect: WSK008
        }

        return sockets;
    }

    // One per iteration, but handed to a closing helper before the next.
    public static async Task ProbeEachAsync(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            var socket = Sockets.Connect(host, 5432);
            await ProbeAndCloseAsync(socket);
        }
    }

    private static async Task ProbeAndCloseAsync(WorkerSocket socket)
    {
        await using (socket)
        {
            await socket.Opened;
        }
    }
}
