// Batch 2: retry and backoff loops, reconnects, and a probe loop that keeps the last good socket.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Backoff;

public static class Retry
{
    public static async Task<WorkerSocket> ConnectWithBackoffAsync(string address, int attempts, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            var socket = Sockets.Connect(address);
            try
            {
                await socket.Opened.WaitAsync(cancellationToken);
                return socket;
            }
            catch (Exception) when (attempt < attempts)
            {
                await socket.CloseAsync();
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
            catch
            {
                await socket.CloseAsync();
                throw;
            }
        }
    }

    public static async Task<WorkerSocket?> FirstReachableAsync(IEnumerable<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            var socket = Sockets.Connect(candidate);
            try
            {
                await socket.Opened;
                return socket;
            }
            catch (Exception)
            {
                await socket.CloseAsync();
            }
        }

        return null;
    }

    // The failed attempt is abandoned without a close; the variable is reused.
    public static async Task<WorkerSocket> RetryLeakyAsync(string address)
    {
        WorkerSocket socket;
        while (true)
        {
            socket = Sockets.Connect(address); // expect: WSK008, WSK007
            try
            {
                await socket.Opened;
                break;
            }
            catch (TimeoutException)
            {
                await Task.Delay(100);
            }
        }

        return socket;
    }

    // Closes the previous attempt before reconnecting.
    public static async Task<WorkerSocket?> ReconnectAsync(string address, int attempts)
    {
        WorkerSocket? current = null;
        for (var i = 0; i < attempts; i++)
        {
            if (current is not null)
            {
                await current.CloseAsync();
            }

            current = Sockets.Connect(address);
            try
            {
                await current.Opened;
                return current;
            }
            catch (Exception) when (i < attempts - 1)
            {
            }
        }

        return current;
    }

    // Keeps the last socket that answered: the previous one is closed before it is replaced.
    public static async Task<WorkerSocket?> LastHealthyAsync(IReadOnlyList<string> nodes)
    {
        WorkerSocket? last = null;
        foreach (var node in nodes)
        {
            var candidate = Sockets.Connect(node);
            if (!await IsHealthyAsync(candidate))
            {
                await candidate.CloseAsync();
                continue;
            }

            if (last is not null)
            {
                await last.CloseAsync();
            }

            last = candidate;
        }

        return last;
    }

    // The same, but the previous healthy socket is never closed.
    public static async Task<WorkerSocket?> LastHealthyLeakyAsync(IReadOnlyList<string> nodes)
    {
        WorkerSocket? last = null;
        foreach (var node in nodes)
        {
            var candidate = Sockets.Connect(node); // expect: WSK008, WSK007
            if (!await IsHealthyAsync(candidate))
            {
                await candidate.CloseAsync();
                continue;
            }

            last = candidate;
        }

        return last;
    }

    private static async Task<bool> IsHealthyAsync(WorkerSocket socket)
    {
        try
        {
            await socket.Opened.WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    // Polly-style: a delegate that opens, the caller disposes.
    public static async Task<T> ExecuteAsync<T>(Func<WorkerSocket> open, Func<WorkerSocket, Task<T>> action, int attempts = 3)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var socket = open();
            try
            {
                return await action(socket);
            }
            catch (Exception) when (attempt + 1 < attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25 << attempt));
            }
        }
    }

    public static Task<SocketInfo> OpenedWithRetryAsync(string address) =>
        ExecuteAsync(() => Sockets.Connect(address), s => s.Opened);

    // do/while with a fresh socket per pass, closed in finally.
    public static async Task<int> PollAsync(string address, Func<WorkerSocket, Task<bool>> done)
    {
        var passes = 0;
        bool finished;
        do
        {
            var socket = Sockets.Connect(address);
            try
            {
                finished = await done(socket);
            }
            finally
            {
                await socket.DisposeAsync();
            }

            passes++;
        }
        while (!finished);
        return passes;
    }

    // Sequential probes, each closed by a helper before the next opens.
    public static async Task ProbeAllAsync()
    {
        var p1 = Sockets.Connect("n1.internal:7"); await ShutdownAsync(p1);
        var p2 = Sockets.Connect("n2.internal:7"); await ShutdownAsync(p2);
        var p3 = Sockets.Connect("n3.internal:7"); await ShutdownAsync(p3);
        var p4 = Sockets.Connect("n4.internal:7"); await ShutdownAsync(p4);
        var p5 = Sockets.Connect("n5.internal:7"); await ShutdownAsync(p5);
        var p6 = Sockets.Connect("n6.internal:7"); await ShutdownAsync(p6);
        var p7 = Sockets.Connect("n7.internal:7"); await ShutdownAsync(p7);
    }

    private static async Task ShutdownAsync(WorkerSocket socket)
    {
        try
        {
            await socket.Opened;
        }
        finally
        {
            await socket.CloseAsync();
        }
    }
}
