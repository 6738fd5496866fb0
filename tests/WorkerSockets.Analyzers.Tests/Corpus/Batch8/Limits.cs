// Batch 8: too many sockets at once in one request (docs/rules/WSK008.md), copied from the page's examples and varied.
// Written from the rule page alone.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Limits;

public static class Db
{
    public static async Task QueryAsync(WorkerSocket socket) => await socket.Opened.ConfigureAwait(false);

    public static async Task<bool> TryHandshakeAsync(WorkerSocket socket)
    {
        var info = await socket.Opened.ConfigureAwait(false);
        return info.RemoteAddress is not null;
    }

    public static async Task<bool> IsHealthyAsync(WorkerSocket socket) => !(await socket.Opened).RemoteAddress!.StartsWith("10.", StringComparison.Ordinal);

    public static async Task CloseAsync(WorkerSocket socket) => await socket.CloseAsync().ConfigureAwait(false);
}

public sealed class Shards
{
    public async Task<List<WorkerSocket>> OpenAll(string[] shards)
    {
        var all = new List<WorkerSocket>();
        foreach (var shard in shards)
            all.Add(Sockets.Connect(shard)); // expect: WSK008
        await Task.WhenAll(all.ConvertAll(s => s.Opened));
        return all;
    }

    public WorkerSocket[] OpenArray(string[] shards)
    {
        var sockets = new WorkerSocket[shards.Length];
        for (var i = 0; i < shards.Length; i++)
        {
            sockets[i] = Sockets.Connect(shards[i]); // expect: WSK008
        }

        return sockets;
    }

    public async Task QueryEach(string[] shards)
    {
        WorkerSocket? s = null;
        foreach (var shard in shards)
        {
            s = Sockets.Connect(shard); // expect: WSK008, WSK007
            await Db.QueryAsync(s);
        }

        if (s is not null) await s.CloseAsync();
    }

    public async Task Seven()
    {
        await using var s1 = Sockets.Connect("db:5432");
        await using var s2 = Sockets.Connect("db:5432");
        await using var s3 = Sockets.Connect("db:5432");
        await using var s4 = Sockets.Connect("db:5432");
        await using var s5 = Sockets.Connect("db:5432");
        await using var s6 = Sockets.Connect("db:5432");
        await using var s7 = Sockets.Connect("db:5432"); // expect: WSK008
        await Task.WhenAll(s1.Opened, s2.Opened, s3.Opened, s4.Opened, s5.Opened, s6.Opened, s7.Opened);
    }

    // Quiet: closed each iteration, retries that close first, exclusive routes, sequential probes.
    public async Task PerIteration(string[] shards)
    {
        foreach (var shard in shards)
        {
            await using var s = Sockets.Connect(shard);
            await Db.QueryAsync(s);
        }
    }

    public async Task Retry(string host)
    {
        WorkerSocket? s = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (s is not null) await s.CloseAsync();
            s = Sockets.Connect(host);
            try { await s.Opened; break; } catch (Exception) { /* retry */ }
        }

        if (s is not null) await s.CloseAsync();
    }

    public async Task UntilGood(string host)
    {
        WorkerSocket t;
        while (true)
        {
            t = Sockets.Connect(host);
            if (await Db.TryHandshakeAsync(t)) break;
            await t.CloseAsync();
        }

        await t.CloseAsync();
    }

    public async Task Healthiest(string[] nodes)
    {
        WorkerSocket? last = null;
        foreach (var node in nodes)
        {
            var candidate = Sockets.Connect(node);
            if (!await Db.IsHealthyAsync(candidate)) { await candidate.CloseAsync(); continue; }
            if (last is not null) await last.CloseAsync();
            last = candidate;
        }

        if (last is not null) await last.CloseAsync();
    }

    public async Task Route(string path)
    {
        switch (path)
        {
            case "/a": { await using var s = Sockets.Connect("a:1"); await s.Opened; break; }
            case "/b": { await using var s = Sockets.Connect("b:1"); await s.Opened; break; }
            case "/c": { await using var s = Sockets.Connect("c:1"); await s.Opened; break; }
            case "/d": { await using var s = Sockets.Connect("d:1"); await s.Opened; break; }
            case "/e": { await using var s = Sockets.Connect("e:1"); await s.Opened; break; }
            case "/f": { await using var s = Sockets.Connect("f:1"); await s.Opened; break; }
            case "/g": { await using var s = Sockets.Connect("g:1"); await s.Opened; break; }
        }
    }

    public async Task RouteIfElse(string path)
    {
        await using var s1 = Sockets.Connect("db:5432");
        await using var s2 = Sockets.Connect("db:5432");
        await using var s3 = Sockets.Connect("db:5432");
        await using var s4 = Sockets.Connect("db:5432");
        await using var s5 = Sockets.Connect("db:5432");
        if (path == "/x")
        {
            await using var x = Sockets.Connect("x:1");
            await x.Opened;
        }
        else
        {
            await using var y = Sockets.Connect("y:1");
            await y.Opened;
        }
    }

    public async Task Probes()
    {
        var p1 = Sockets.Connect("p1:7"); await Db.CloseAsync(p1);
        var p2 = Sockets.Connect("p2:7"); await Db.CloseAsync(p2);
        var p3 = Sockets.Connect("p3:7"); await Db.CloseAsync(p3);
        var p4 = Sockets.Connect("p4:7"); await Db.CloseAsync(p4);
        var p5 = Sockets.Connect("p5:7"); await Db.CloseAsync(p5);
        var p6 = Sockets.Connect("p6:7"); await Db.CloseAsync(p6);
        var p7 = Sockets.Connect("p7:7"); await Db.CloseAsync(p7);
    }

    public async Task SevenUsingBlocks()
    {
        await using var s1 = Sockets.Connect("db:5432");
        await using var s2 = Sockets.Connect("db:5432");
        await using var s3 = Sockets.Connect("db:5432");
        await using var s4 = Sockets.Connect("db:5432");
        await using var s5 = Sockets.Connect("db:5432");
        var s6 = Sockets.Connect("db:5432");
        await using (s6) { await s6.Opened; }
        var s7 = Sockets.Connect("db:5432");
        await using (s7.ConfigureAwait(false)) { await s7.Opened; }
    }

    public async Task Bounded(string[] shards)
    {
        using var gate = new SemaphoreSlim(6);
        var work = new List<Task>();
        foreach (var shard in shards)
        {
            work.Add(QueryGated(shard, gate));
        }

        await Task.WhenAll(work);
    }

    private static async Task QueryGated(string shard, SemaphoreSlim gate)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await using var s = Sockets.Connect(shard);
            await Db.QueryAsync(s).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
