// Batch 5: probes written after the analyzers were read: loops, delegates as callees, helpers that close or only peek.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.ProbesFlow;

public static class P
{
    public static async Task<int> A(string[] hosts)
    {
        var count = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            await using var s = Sockets.Connect(hosts[i], 1);
            if (await Task.FromResult(i) > 3)
            {
                break;
            }

            count++;
        }

        return count;
    }

    public static async Task B(string host, int retries)
    {
        WorkerSocket? s = null;
        while (retries-- > 0)
        {
            s?.CloseAsync(); // expect: WSK002
            s = Sockets.Connect(host, 1);
        }

        if (s != null)
        {
            await s.CloseAsync();
        }
    }

    public static async Task C(string host)
    {
        var s = Sockets.Connect(host, 1);
        using var cts = new CancellationTokenSource();
        try
        {
            await s.Opened.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        finally
        {
            await s.DisposeAsync();
        }
    }

    public static async Task D(string host, Func<WorkerSocket, Task> handler)
    {
        var s = Sockets.Connect(host, 1); // expect: WSK007
        await handler(s);
    }

    public static async Task E(string host, Func<WorkerSocket, Task> handler)
    {
        var s = Sockets.Connect(host, 1);
        try
        {
            await handler(s);
        }
        finally
        {
            await s.CloseAsync();
        }
    }

    public static async Task F(string[] hosts)
    {
        var open = new Dictionary<string, WorkerSocket>();
        foreach (var host in hosts)
        {
            open[host] = Sockets.Connect(host, 1); // expect: WSK008
        }

        foreach (var s in open.Values)
        {
            await s.CloseAsync();
        }
    }

    public static async Task G(string[] hosts)
    {
        foreach (var host in hosts)
        {
            var s = Sockets.Connect(host, 1);
            await using (s)
            {
                await s.Opened;
            }
        }
    }

    public static async Task H(string[] hosts)
    {
        var i = 0;
        do
        {
            var s = Sockets.Connect(hosts[i], 1); // expect: WSK007
            await s.Opened;
        }
        while (++i < hosts.Length);
    }

    public static async Task I(string host)
    {
        var s = Sockets.Connect(host, 1);
        var t = s.Opened.ContinueWith(_ => s.CloseAsync(), TaskScheduler.Default).Unwrap();
        await t;
    }

    public static async Task<bool> J(string host)
    {
        var s = Sockets.Connect(host, 1);
        return await Check(s);
    }

    private static async Task<bool> Check(WorkerSocket s)
    {
        await using (s)
        {
            return !s.Upgraded;
        }
    }

    public static async Task<bool> K(string host)
    {
        var s = Sockets.Connect(host, 1); // expect: WSK007
        return await Peek(s);
    }

    private static async Task<bool> Peek(WorkerSocket s) => (await s.Opened).LocalAddress is not null;

    public static async Task L(string a, string b)
    {
        await using var x = Sockets.Connect(a, 1);
        var y = Sockets.Connect(b, 1);
        await Pipe(x, y);
    }

    private static async Task Pipe(WorkerSocket from, WorkerSocket to)
    {
        await from.Readable.CopyToAsync(to.Writable);
        await to.CloseAsync();
    }
}
