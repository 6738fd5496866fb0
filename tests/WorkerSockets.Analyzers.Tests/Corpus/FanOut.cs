// How many sockets are open at once: fan-outs, bounded fan-outs, helpers that close, Hyperdrive connects.
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.FanOut;

static class Shards
{
    public static Task Release(WorkerSocket socket) => socket.CloseAsync();

    public static async Task SevenThroughHyperdrive(Hyperdrive db)
    {
        await using var a = db.Connect();
        await using var b = db.Connect();
        await using var c = db.Connect();
        await using var d = db.Connect();
        await using var e = db.Connect();
        await using var f = db.Connect();
        await using var g = db.Connect(); // expect: WSK008
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened, g.Opened);
    }

    public static async Task SixThenRelease(string host)
    {
        var a = Sockets.Connect(host, 7001);
        var b = Sockets.Connect(host, 7002);
        var c = Sockets.Connect(host, 7003);
        var d = Sockets.Connect(host, 7004);
        var e = Sockets.Connect(host, 7005);
        var f = Sockets.Connect(host, 7006);
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened);
        await Release(a);
        var g = Sockets.Connect(host, 7007);
        await g.Opened;
        await Task.WhenAll(Release(b), Release(c), Release(d), Release(e), Release(f), Release(g));
    }

    public static async Task HalfInEachBranch(string host, bool left)
    {
        if (left)
        {
            await using var a = Sockets.Connect(host, 7001);
            await using var b = Sockets.Connect(host, 7002);
            await using var c = Sockets.Connect(host, 7003);
            await using var d = Sockets.Connect(host, 7004);
            await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened);
        }
        else
        {
            await using var e = Sockets.Connect(host, 7005);
            await using var f = Sockets.Connect(host, 7006);
            await using var g = Sockets.Connect(host, 7007);
            await using var h = Sockets.Connect(host, 7008);
            await Task.WhenAll(e.Opened, f.Opened, g.Opened, h.Opened);
        }
    }

    public static async Task PlusOneAfterBranch(string host, bool extra)
    {
        await using var a = Sockets.Connect(host, 7001);
        await using var b = Sockets.Connect(host, 7002);
        await using var c = Sockets.Connect(host, 7003);
        await using var d = Sockets.Connect(host, 7004);
        await using var e = Sockets.Connect(host, 7005);
        if (extra)
        {
            await using var f = Sockets.Connect(host, 7006);
            await f.Opened;
        }

        await using var g = Sockets.Connect(host, 7007);
        await using var h = Sockets.Connect(host, 7008); // expect: WSK008
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, g.Opened, h.Opened);
    }

    public static async Task<Dictionary<string, WorkerSocket>> ByHost(IEnumerable<string> hosts)
    {
        var map = new Dictionary<string, WorkerSocket>();
        foreach (var host in hosts)
        {
            map[host] = Sockets.Connect(host, 6379); // expect: WSK008
        }

        await Task.Yield();
        return map;
    }

    public static async Task WhileEachClosed(Queue<string> work)
    {
        while (work.TryDequeue(out var host))
        {
            var s = Sockets.Connect(host, 6379);
            await s.Opened;
            await Release(s);
        }
    }

    public static async Task<WorkerSocket?> FirstReachable(string[] hosts)
    {
        foreach (var host in hosts)
        {
            var s = Sockets.Connect(host, 6379);
            try
            {
                await s.Opened;
                return s;
            }
            catch
            {
                await s.CloseAsync();
            }
        }

        return null;
    }
}
