// Routers: one socket per route, routes exclusive; the seventh socket matters only when seven are open at once.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Routers;

sealed class Router
{
    public async Task<string> Route(string path)
    {
        switch (path)
        {
            case "/a": { await using var s = Sockets.Connect("a.internal:1"); await s.Opened; return "a"; }
            case "/b": { await using var s = Sockets.Connect("b.internal:2"); await s.Opened; return "b"; }
            case "/c": { await using var s = Sockets.Connect("c.internal:3"); await s.Opened; return "c"; }
            case "/d": { await using var s = Sockets.Connect("d.internal:4"); await s.Opened; return "d"; }
            case "/e": { await using var s = Sockets.Connect("e.internal:5"); await s.Opened; return "e"; }
            case "/f": { await using var s = Sockets.Connect("f.internal:6"); await s.Opened; return "f"; }
            case "/g": { await using var s = Sockets.Connect("g.internal:7"); await s.Opened; return "g"; }
            default: return "404";
        }
    }

    public async Task<string> RouteBySwitchExpression(string kind)
    {
        var s = kind switch
        {
            "primary" => Sockets.Connect("db1.internal:5432"),
            "replica" => Sockets.Connect("db2.internal:5432"),
            _ => Sockets.Connect("db3.internal:5432"),
        };
        await using (s)
        {
            var info = await s.Opened;
            return info.RemoteAddress ?? "";
        }
    }

    public async Task<string> RouteBySwitchExpressionLeaking(string kind)
    {
        var s = kind switch
        {
            "primary" => Sockets.Connect("db1.internal:5432"), // expect: WSK007
            _ => Sockets.Connect("db3.internal:5432"), // expect: WSK007
        };
        var info = await s.Opened;
        return info.RemoteAddress ?? "";
    }

    public async Task Probes()
    {
        var p1 = Sockets.Connect("p1.internal:80"); await Done(p1); // expect: WSK010
        var p2 = Sockets.Connect("p2.internal:81"); await Done(p2);
        var p3 = Sockets.Connect("p3.internal:82"); await Done(p3);
        var p4 = Sockets.Connect("p4.internal:83"); await Done(p4);
        var p5 = Sockets.Connect("p5.internal:84"); await Done(p5);
        var p6 = Sockets.Connect("p6.internal:85"); await Done(p6);
        var p7 = Sockets.Connect("p7.internal:86"); await Done(p7);
    }

    public async Task ScopedProbes()
    {
        var l1 = Sockets.Connect("p1.internal:2001"); await using (l1) { await l1.Opened; }
        var l2 = Sockets.Connect("p2.internal:2002"); await using (l2) { await l2.Opened; }
        var l3 = Sockets.Connect("p3.internal:2003"); await using (l3) { await l3.Opened; }
        var l4 = Sockets.Connect("p4.internal:2004"); await using (l4) { await l4.Opened; }
        var l5 = Sockets.Connect("p5.internal:2005"); await using (l5) { await l5.Opened; }
        var l6 = Sockets.Connect("p6.internal:2006"); await using (l6) { await l6.Opened; }
        var l7 = Sockets.Connect("p7.internal:2007"); await using (l7) { await l7.Opened; }
    }

    public async Task FanOut()
    {
        await using var a = Sockets.Connect("shard1:7000");
        await using var b = Sockets.Connect("shard2:7000");
        await using var c = Sockets.Connect("shard3:7000");
        await using var d = Sockets.Connect("shard4:7000");
        await using var e = Sockets.Connect("shard5:7000");
        await using var f = Sockets.Connect("shard6:7000");
        await using var g = Sockets.Connect("shard7:7000"); // expect: WSK008
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened, g.Opened);
    }

    public async Task FanOutWithEarlyClose()
    {
        await using var a = Sockets.Connect("shard1:7000");
        await using var b = Sockets.Connect("shard2:7000");
        await using var c = Sockets.Connect("shard3:7000");
        await using var d = Sockets.Connect("shard4:7000");
        await using var e = Sockets.Connect("shard5:7000");
        var f = Sockets.Connect("shard6:7000");
        await f.Opened;
        await f.CloseAsync();
        await using var g = Sockets.Connect("shard7:7000");
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, g.Opened);
    }

    public async Task<List<WorkerSocket>> OpenAll(string[] hosts)
    {
        var all = new List<WorkerSocket>();
        foreach (var host in hosts)
        {
            all.Add(Sockets.Connect(host, 7000)); // expect: WSK008
        }

        await Task.WhenAll(all.ConvertAll(s => s.Opened));
        return all;
    }

    public async Task CheckAll(string[] hosts)
    {
        foreach (var host in hosts)
        {
            await using var s = Sockets.Connect(host, 7000);
            await s.Opened;
        }
    }

    private static Task Done(WorkerSocket socket) => socket.CloseAsync();
}
