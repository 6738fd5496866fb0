// Everyday idioms that must stay quiet, with a few look-alikes that must not.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Idioms;

sealed class Idioms
{
    public bool TryOpen(string host, out WorkerSocket socket)
    {
        socket = Sockets.Connect(host, 5432);
        return true;
    }

    public async Task NullableInTry(string host)
    {
        WorkerSocket? s = null;
        try
        {
            s = Sockets.Connect(host, 5432);
            await s.Opened;
        }
        finally
        {
            if (s != null)
            {
                await s.CloseAsync();
            }
        }
    }

    public async Task Alias(string host)
    {
        var s = Sockets.Connect(host, 5432);
        var alias = s;
        await alias.CloseAsync();
    }

    public async Task<string?> Reader(string host)
    {
        await using var s = Sockets.Connect(host, 5432);
        using var reader = new StreamReader(s.Stream);
        return await reader.ReadLineAsync();
    }

    public async Task IfElseChain(string kind)
    {
        if (kind == "a") { await using var s = Sockets.Connect("a:1"); await s.Opened; }
        else if (kind == "b") { await using var s = Sockets.Connect("b:1"); await s.Opened; }
        else if (kind == "c") { await using var s = Sockets.Connect("c:1"); await s.Opened; }
        else if (kind == "d") { await using var s = Sockets.Connect("d:1"); await s.Opened; }
        else if (kind == "e") { await using var s = Sockets.Connect("e:1"); await s.Opened; }
        else if (kind == "f") { await using var s = Sockets.Connect("f:1"); await s.Opened; }
        else { await using var s = Sockets.Connect("g:1"); await s.Opened; }
    }

    public async Task CaseCloses(int n)
    {
        switch (n)
        {
            case 1: { var s = Sockets.Connect("a:1"); await s.CloseAsync(); break; }
            case 2: { var s = Sockets.Connect("a:2"); await s.CloseAsync(); break; }
            case 3: { var s = Sockets.Connect("a:3"); await s.CloseAsync(); break; }
            case 4: { var s = Sockets.Connect("a:4"); await s.CloseAsync(); break; }
            case 5: { var s = Sockets.Connect("a:5"); await s.CloseAsync(); break; }
            case 6: { var s = Sockets.Connect("a:6"); await s.CloseAsync(); break; }
            case 7: { var s = Sockets.Connect("a:7"); await s.CloseAsync(); break; }
            case 8: { var s = Sockets.Connect("a:8"); await s.Opened; break; } // expect: WSK007
        }
    }

    public async Task<int> Batches(IReadOnlyList<string> hosts)
    {
        var open = new List<WorkerSocket>();
        try
        {
            for (var i = 0; i < hosts.Count; i++)
            {
                open.Add(Sockets.Connect(hosts[i], 7000)); // expect: WSK008
                if (open.Count == 6)
                {
                    foreach (var s in open)
                    {
                        await s.CloseAsync();
                    }

                    open.Clear();
                }
            }

            return open.Count;
        }
        finally
        {
            foreach (var s in open)
            {
                await s.CloseAsync();
            }
        }
    }

    public async Task Sequential(string[] hosts)
    {
        foreach (var host in hosts)
        {
            var s = Sockets.Connect(host, 7000);
            try
            {
                await s.Opened;
            }
            finally
            {
                await s.CloseAsync();
            }
        }
    }

    public async Task ClosedByContinuation(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 7000);
        await s.Opened;
        ctx.WaitUntil(s.CloseAsync().ContinueWith(t => Console.WriteLine(t.Status), TaskScheduler.Default));
    }

    public async Task Observed(string host)
    {
        var s = Sockets.Connect(host, 7000);
        var closing = s.CloseAsync();
        await closing;
    }

    public async Task Upgrade(string host)
    {
        await using var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = plain.StartTls();
        Console.WriteLine(plain.Upgraded);
        await plain.Closed;
        await tls.Opened;
    }
}
