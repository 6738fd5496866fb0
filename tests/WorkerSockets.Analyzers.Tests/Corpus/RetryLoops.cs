// Retries: loops with try/catch/finally around a connect, as written against flaky backends.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.RetryLoops;

static class Retry
{
    public static async Task<SocketInfo> OpenWithRetry(string host, int attempts, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var s = Sockets.Connect(host, 5432);
            try
            {
                return await s.Opened.WaitAsync(ct);
            }
            catch (Exception) when (attempt < attempts)
            {
                await Task.Delay(100 * attempt, ct);
            }
            finally
            {
                await s.CloseAsync();
            }
        }
    }

    public static async Task<WorkerSocket> ConnectedOrThrow(string host)
    {
        Exception? last = null;
        for (var i = 0; i < 3; i++)
        {
            var s = Sockets.Connect(host, 6379);
            try
            {
                await s.Opened;
                return s;
            }
            catch (Exception e)
            {
                last = e;
                await s.CloseAsync();
            }
        }

        throw new InvalidOperationException("unreachable " + host, last);
    }

    public static async Task WhileWithBreak(string host)
    {
        while (true)
        {
            await using var s = Sockets.Connect(host, 11211);
            var info = await s.Opened;
            if (info.RemoteAddress is not null)
            {
                break;
            }
        }
    }

    public static async Task DoWhileLeaksOnContinue(string host)
    {
        var tries = 0;
        do
        {
            var s = Sockets.Connect(host, 11211); // expect: WSK007
            tries++;
            if (tries < 2)
            {
                continue;
            }

            await s.CloseAsync();
        }
        while (tries < 3);
    }

    public static async Task KeepsLastAttempt(string[] hosts)
    {
        var opened = new List<WorkerSocket>();
        foreach (var host in hosts)
        {
            var s = Sockets.Connect(host, 5432); // expect: WSK008
            opened.Add(s);
        }

        foreach (var s in opened)
        {
            await s.CloseAsync();
        }
    }

    public static async Task ArrayOfConnections(int count)
    {
        var sockets = new WorkerSocket[count];
        for (var i = 0; i < count; i++)
        {
            sockets[i] = Sockets.Connect("shard" + i + ".internal", 5432); // expect: WSK008
        }

        await Task.WhenAll(Array.ConvertAll(sockets, s => s.CloseAsync()));
    }

    public static async Task SequentialInLoop(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            var s = Sockets.Connect(host, 5432);
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

    public static async Task<int> NestedTry(string host)
    {
        var s = Sockets.Connect(host, 5432);
        try
        {
            try
            {
                await s.Opened;
            }
            catch (TimeoutException)
            {
                return -1;
            }

            return 1;
        }
        finally
        {
            await s.DisposeAsync();
        }
    }

    public static async Task<int> CatchReturnsWithoutClose(string host)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        try
        {
            await s.Opened;
        }
        catch (TimeoutException)
        {
            return -1;
        }

        await s.CloseAsync();
        return 1;
    }

    public static async Task NullThenAssignedInTry(string host)
    {
        WorkerSocket? s = null;
        try
        {
            s = Sockets.Connect(host, 5432);
            await s.Opened;
        }
        finally
        {
            if (s is not null)
            {
                await s.CloseAsync();
            }
        }
    }

    public static async Task PatternCloseInFinally(string host)
    {
        WorkerSocket? s = null;
        try
        {
            s = Sockets.Connect(host, 5432);
            await s.Opened;
        }
        finally
        {
            if (s is { } open)
            {
                await open.CloseAsync();
            }
        }
    }
}
