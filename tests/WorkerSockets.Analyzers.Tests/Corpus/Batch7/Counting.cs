// Batch 7 (root cause 4): WSK008 counts what can be open at once on one path. Exclusive routes, early returns,
// goto case, helper-closed probes and await using statements in forms the earlier batches did not use.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.Counting;

public static class Probe
{
    public static async Task<bool> CheckAndCloseAsync(WorkerSocket socket)
    {
        try
        {
            await socket.Opened;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    public static async Task TouchAsync(WorkerSocket socket) => await socket.Opened;
}

public sealed class Routes
{
    public async Task<string> ElseIfChain(string path, string host)
    {
        if (path == "/a")
        {
            await using var s = Sockets.Connect(host, 7001);
            return "a";
        }
        else if (path == "/b")
        {
            await using var s = Sockets.Connect(host, 7002);
            return "b";
        }
        else if (path == "/c")
        {
            await using var s = Sockets.Connect(host, 7003);
            return "c";
        }
        else if (path == "/d")
        {
            await using var s = Sockets.Connect(host, 7004);
            return "d";
        }
        else if (path == "/e")
        {
            await using var s = Sockets.Connect(host, 7005);
            return "e";
        }
        else if (path == "/f")
        {
            await using var s = Sockets.Connect(host, 7006);
            return "f";
        }
        else if (path == "/g")
        {
            await using var s = Sockets.Connect(host, 7007);
            return "g";
        }

        return "none";
    }

    public async Task<int> EarlyReturns(int route, string host)
    {
        if (route == 1) { var s = Sockets.Connect(host, 7001); await s.CloseAsync(); return 1; }
        if (route == 2) { var s = Sockets.Connect(host, 7002); await s.CloseAsync(); return 2; }
        if (route == 3) { var s = Sockets.Connect(host, 7003); await s.CloseAsync(); return 3; }
        if (route == 4) { var s = Sockets.Connect(host, 7004); await s.CloseAsync(); return 4; }
        if (route == 5) { var s = Sockets.Connect(host, 7005); await s.CloseAsync(); return 5; }
        if (route == 6) { var s = Sockets.Connect(host, 7006); await s.CloseAsync(); return 6; }
        if (route == 7) { var s = Sockets.Connect(host, 7007); await s.CloseAsync(); return 7; }
        return 0;
    }

    public async Task GotoCase(int step, string host)
    {
        switch (step)
        {
            case 1:
                {
                    await using var s = Sockets.Connect(host, 7001);
                    await s.Opened;
                }

                goto case 2;
            case 2:
                {
                    await using var s = Sockets.Connect(host, 7002);
                    await s.Opened;
                }

                goto case 3;
            case 3:
                {
                    await using var s = Sockets.Connect(host, 7003);
                    await s.Opened;
                }

                goto case 4;
            case 4:
                {
                    await using var s = Sockets.Connect(host, 7004);
                    await s.Opened;
                }

                goto case 5;
            case 5:
                {
                    await using var s = Sockets.Connect(host, 7005);
                    await s.Opened;
                }

                goto case 6;
            case 6:
                {
                    await using var s = Sockets.Connect(host, 7006);
                    await s.Opened;
                }

                goto case 7;
            case 7:
                {
                    await using var s = Sockets.Connect(host, 7007);
                    await s.Opened;
                }

                break;
        }
    }

    public async Task<int> HelperClosedProbes(string host)
    {
        var healthy = 0;
        var p1 = Sockets.Connect(host, 7001);
        healthy += await Probe.CheckAndCloseAsync(p1) ? 1 : 0;
        var p2 = Sockets.Connect(host, 7002);
        healthy += await Probe.CheckAndCloseAsync(p2) ? 1 : 0;
        var p3 = Sockets.Connect(host, 7003);
        healthy += await Probe.CheckAndCloseAsync(p3) ? 1 : 0;
        var p4 = Sockets.Connect(host, 7004);
        healthy += await Probe.CheckAndCloseAsync(p4) ? 1 : 0;
        var p5 = Sockets.Connect(host, 7005);
        healthy += await Probe.CheckAndCloseAsync(p5) ? 1 : 0;
        var p6 = Sockets.Connect(host, 7006);
        healthy += await Probe.CheckAndCloseAsync(p6) ? 1 : 0;
        var p7 = Sockets.Connect(host, 7007);
        healthy += await Probe.CheckAndCloseAsync(p7) ? 1 : 0;
        return healthy;
    }

    public async Task<int> HelperClosedProbesInFor(string host)
    {
        var healthy = 0;
        for (var port = 7001; port <= 7010; port++)
        {
            var probe = Sockets.Connect(host, port);
            if (await Probe.CheckAndCloseAsync(probe))
            {
                healthy++;
            }
        }

        return healthy;
    }

    public async Task AwaitUsingStatements(string host)
    {
        var a = Sockets.Connect(host, 7001);
        await using (a) { await a.Opened; }
        var b = Sockets.Connect(host, 7002);
        await using (b) { await b.Opened; }
        var c = Sockets.Connect(host, 7003);
        await using (c) { await c.Opened; }
        var d = Sockets.Connect(host, 7004);
        await using (d) { await d.Opened; }
        var e = Sockets.Connect(host, 7005);
        await using (e) { await e.Opened; }
        var f = Sockets.Connect(host, 7006);
        await using (f) { await f.Opened; }
        var g = Sockets.Connect(host, 7007);
        await using (g) { await g.Opened; }
    }

    public async Task SevenBorrowedThenClosed(string host)
    {
        var a = Sockets.Connect(host, 7001);
        await Probe.TouchAsync(a);
        var b = Sockets.Connect(host, 7002);
        await Probe.TouchAsync(b);
        var c = Sockets.Connect(host, 7003);
        await Probe.TouchAsync(c);
        var d = Sockets.Connect(host, 7004);
        await Probe.TouchAsync(d);
        var e = Sockets.Connect(host, 7005);
        await Probe.TouchAsync(e);
        var f = Sockets.Connect(host, 7006);
        await Probe.TouchAsync(f);
        var g = Sockets.Connect(host, 7007); // expect: WSK008
        await Probe.TouchAsync(g);
        await Task.WhenAll(a.CloseAsync(), b.CloseAsync(), c.CloseAsync(), d.CloseAsync(), e.CloseAsync(), f.CloseAsync(), g.CloseAsync());
    }

    public async Task FourInBranchThreeAfter(bool wide, string host)
    {
        await using var a = Sockets.Connect(host, 7001);
        if (wide)
        {
            await using var b = Sockets.Connect(host, 7002);
            await using var c = Sockets.Connect(host, 7003);
            await using var d = Sockets.Connect(host, 7004);
            await using var e = Sockets.Connect(host, 7005);
            await using var f = Sockets.Connect(host, 7006);
            await using var g = Sockets.Connect(host, 7007); // expect: WSK008
            await Task.WhenAll(b.Opened, c.Opened, d.Opened, e.Opened, f.Opened, g.Opened);
        }
        else
        {
            await using var b = Sockets.Connect(host, 7002);
            await b.Opened;
        }
    }

    public async Task OpenedTogetherAcrossBranches(bool mirror, string host)
    {
        var a = Sockets.Connect(host, 7001);
        var b = Sockets.Connect(host, 7002);
        var c = Sockets.Connect(host, 7003);
        var d = mirror ? Sockets.Connect(host, 7104) : Sockets.Connect(host, 7004);
        var e = Sockets.Connect(host, 7005);
        var f = Sockets.Connect(host, 7006);
        var g = Sockets.Connect(host, 7007); // expect: WSK008
        try
        {
            await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened, g.Opened);
        }
        finally
        {
            await Task.WhenAll(a.CloseAsync(), b.CloseAsync(), c.CloseAsync(), d.CloseAsync(), e.CloseAsync(), f.CloseAsync(), g.CloseAsync());
        }
    }

    public async Task KeptInLoop(IEnumerable<string> shards)
    {
        var open = new Dictionary<string, WorkerSocket>();
        foreach (var shard in shards)
        {
            open[shard] = Sockets.Connect(shard, 5432); // expect: WSK008
        }

        foreach (var socket in open.Values)
        {
            await socket.CloseAsync();
        }
    }
}
