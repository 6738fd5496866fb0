// Batch 5: how many sockets are open at once: health dashboards, exclusive routes, staged fan-in.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Capacity;

public static class Dashboard
{
    private static async Task<bool> ProbeAndCloseAsync(WorkerSocket socket)
    {
        try
        {
            await socket.Opened.ConfigureAwait(false);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    // Each probe is closed by the helper before the next one opens: one open at a time.
    public static async Task<int> Sequential()
    {
        var up = 0;
        var s1 = Sockets.Connect("pg-1.internal", 5432);
        up += await ProbeAndCloseAsync(s1).ConfigureAwait(false) ? 1 : 0;
        var s2 = Sockets.Connect("pg-2.internal", 5432);
        up += await ProbeAndCloseAsync(s2).ConfigureAwait(false) ? 1 : 0;
        var s3 = Sockets.Connect("redis-1.internal", 6379);
        up += await ProbeAndCloseAsync(s3).ConfigureAwait(false) ? 1 : 0;
        var s4 = Sockets.Connect("redis-2.internal", 6379);
        up += await ProbeAndCloseAsync(s4).ConfigureAwait(false) ? 1 : 0;
        var s5 = Sockets.Connect("mqtt.internal", 1883);
        up += await ProbeAndCloseAsync(s5).ConfigureAwait(false) ? 1 : 0;
        var s6 = Sockets.Connect("smtp.internal", 587);
        up += await ProbeAndCloseAsync(s6).ConfigureAwait(false) ? 1 : 0;
        var s7 = Sockets.Connect("ldap.internal", 389);
        up += await ProbeAndCloseAsync(s7).ConfigureAwait(false) ? 1 : 0;
        return up;
    }

    // All seven opened first, then probed: the seventh waits for a slot that never frees.
    public static async Task<int> AllAtOnce()
    {
        var s1 = Sockets.Connect("pg-1.internal", 5432);
        var s2 = Sockets.Connect("pg-2.internal", 5432);
        var s3 = Sockets.Connect("redis-1.internal", 6379);
        var s4 = Sockets.Connect("redis-2.internal", 6379);
        var s5 = Sockets.Connect("mqtt.internal", 1883);
        var s6 = Sockets.Connect("smtp.internal", 587);
        var s7 = Sockets.Connect("ldap.internal", 389); // expect: WSK008
        var results = await Task.WhenAll(
            ProbeAndCloseAsync(s1), ProbeAndCloseAsync(s2), ProbeAndCloseAsync(s3), ProbeAndCloseAsync(s4),
            ProbeAndCloseAsync(s5), ProbeAndCloseAsync(s6), ProbeAndCloseAsync(s7)).ConfigureAwait(false);
        return Array.FindAll(results, r => r).Length;
    }

    // Six held by `await using`, the seventh after the first scope ended.
    public static async Task Staged()
    {
        await using (var a = Sockets.Connect("a.internal", 7000))
        {
            await using var b = Sockets.Connect("b.internal", 7000);
            await using var c = Sockets.Connect("c.internal", 7000);
            await using var d = Sockets.Connect("d.internal", 7000);
            await using var e = Sockets.Connect("e.internal", 7000);
            await using var f = Sockets.Connect("f.internal", 7000);
            await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened).ConfigureAwait(false);
        }

        await using var g = Sockets.Connect("g.internal", 7000);
        await g.Opened.ConfigureAwait(false);
    }

    public static async Task StagedTooMany()
    {
        await using var a = Sockets.Connect("a.internal", 7000);
        await using (var b = Sockets.Connect("b.internal", 7000))
        {
            await b.Opened.ConfigureAwait(false);
        }

        await using var c = Sockets.Connect("c.internal", 7000);
        await using var d = Sockets.Connect("d.internal", 7000);
        await using var e = Sockets.Connect("e.internal", 7000);
        await using var f = Sockets.Connect("f.internal", 7000);
        await using var g = Sockets.Connect("g.internal", 7000);
        await using var h = Sockets.Connect("h.internal", 7000); // expect: WSK008
        await Task.WhenAll(a.Opened, c.Opened, d.Opened, e.Opened, f.Opened, g.Opened, h.Opened).ConfigureAwait(false);
    }
}

public static class Router
{
    public static async Task<string> Route(string path)
    {
        switch (path)
        {
            case "/users":
            {
                await using var s = Sockets.Connect("users.internal", 5432);
                return "users";
            }

            case "/orders":
            {
                await using var s = Sockets.Connect("orders.internal", 5432);
                return "orders";
            }

            case "/cart":
            {
                await using var s = Sockets.Connect("cart.internal", 6379);
                return "cart";
            }

            case "/search":
            {
                await using var s = Sockets.Connect("search.internal", 9200);
                return "search";
            }

            case "/mail":
            {
                await using var s = Sockets.Connect("mail.internal", 587);
                return "mail";
            }

            case "/events":
            {
                await using var s = Sockets.Connect("events.internal", 1883);
                return "events";
            }

            case "/audit":
            {
                await using var s = Sockets.Connect("audit.internal", 7000);
                return "audit";
            }

            default:
                return "not found";
        }
    }

    public static async Task<int> IfElseChain(int shard)
    {
        WorkerSocket socket;
        if (shard == 0)
        {
            socket = Sockets.Connect("s0.internal", 5432);
        }
        else if (shard == 1)
        {
            socket = Sockets.Connect("s1.internal", 5432);
        }
        else if (shard == 2)
        {
            socket = Sockets.Connect("s2.internal", 5432);
        }
        else if (shard == 3)
        {
            socket = Sockets.Connect("s3.internal", 5432);
        }
        else if (shard == 4)
        {
            socket = Sockets.Connect("s4.internal", 5432);
        }
        else if (shard == 5)
        {
            socket = Sockets.Connect("s5.internal", 5432);
        }
        else
        {
            socket = Sockets.Connect("s6.internal", 5432);
        }

        await using (socket.ConfigureAwait(false))
        {
            return (await socket.Opened.ConfigureAwait(false)).RemoteAddress?.Length ?? 0;
        }
    }

    public static async Task FanInAfterEachClose(IReadOnlyList<string> hosts)
    {
        var held = new List<WorkerSocket>();
        try
        {
            held.Add(Sockets.Connect(hosts[0], 5432));
            held.Add(Sockets.Connect(hosts[1], 5432));
            await Task.WhenAll(held.ConvertAll(s => s.Opened)).ConfigureAwait(false);
        }
        finally
        {
            foreach (var socket in held)
            {
                await socket.CloseAsync().ConfigureAwait(false);
            }
        }
    }
}
