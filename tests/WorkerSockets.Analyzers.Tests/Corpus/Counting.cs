// Counting sockets open at once (WSK008): closes through the context, borrowing helpers, parallel loops.
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Counting;

static class Batch
{
    public static async Task EarlyCloseThroughContext(string host, WorkerContext ctx)
    {
        var a = Sockets.Connect(host, 7001);
        var b = Sockets.Connect(host, 7002);
        var c = Sockets.Connect(host, 7003);
        var d = Sockets.Connect(host, 7004);
        var e = Sockets.Connect(host, 7005);
        var f = Sockets.Connect(host, 7006);
        ctx.WaitUntil(a.CloseAsync());
        var g = Sockets.Connect(host, 7007);
        await Task.WhenAll(b.Opened, c.Opened, d.Opened, e.Opened, f.Opened, g.Opened);
        await Task.WhenAll(b.CloseAsync(), c.CloseAsync(), d.CloseAsync(), e.CloseAsync(), f.CloseAsync(), g.CloseAsync());
    }

    public static async Task BorrowingHelperKeepsThemOpen(string host)
    {
        var a = Sockets.Connect(host, 7001);
        var b = Sockets.Connect(host, 7002);
        var c = Sockets.Connect(host, 7003);
        var d = Sockets.Connect(host, 7004);
        var e = Sockets.Connect(host, 7005);
        var f = Sockets.Connect(host, 7006);
        await Touch(a);
        var g = Sockets.Connect(host, 7007); // expect: WSK008
        await Task.WhenAll(a.CloseAsync(), b.CloseAsync(), c.CloseAsync(), d.CloseAsync(), e.CloseAsync(), f.CloseAsync(), g.CloseAsync());
    }

    public static async Task ParallelLoopEachClosed(IEnumerable<string> hosts)
    {
        await Parallel.ForEachAsync(hosts, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (host, ct) =>
        {
            await using var s = Sockets.Connect(host, 6379);
            await s.Opened.WaitAsync(ct);
        });
    }

    public static async Task<WorkerSocket[]> LinqFanOut(IEnumerable<string> hosts)
    {
        var sockets = hosts.Select(h => Sockets.Connect(h, 6379)).ToArray();
        await Task.WhenAll(sockets.Select(s => s.Opened));
        return sockets;
    }

    public static async Task ForLoopIntoList(int n)
    {
        var list = new List<WorkerSocket>(n);
        for (var i = 0; i < n; i++)
        {
            list.Add(Sockets.Connect("node" + i, 7000)); // expect: WSK008
        }

        foreach (var s in list)
        {
            await s.CloseAsync();
        }
    }

    public static async Task LoopLocalOnly(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var s = Sockets.Connect("node" + i, 7000);
            var alias = s;
            await alias.Opened;
            await s.CloseAsync();
        }
    }

    private static Task Touch(WorkerSocket s) => s.Opened;
}
