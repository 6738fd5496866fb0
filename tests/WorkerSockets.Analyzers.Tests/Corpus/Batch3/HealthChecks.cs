// Batch 3 (written from docs/rules alone): health checks — fan-out with WhenAny/WhenAll, timeouts, per-node probes.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch3.HealthChecks;

public sealed record NodeStatus(string Node, bool Up, TimeSpan Elapsed);

public static class Probe
{
    public static async Task<NodeStatus> CheckAsync(string node, TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        await using var socket = Sockets.Connect(node);
        try
        {
            await socket.Opened.WaitAsync(timeout);
            return new NodeStatus(node, true, DateTime.UtcNow - started);
        }
        catch (Exception)
        {
            return new NodeStatus(node, false, DateTime.UtcNow - started);
        }
    }

    public static Task<NodeStatus[]> CheckAllAsync(IEnumerable<string> nodes) =>
        Task.WhenAll(nodes.Take(6).Select(n => CheckAsync(n, TimeSpan.FromSeconds(2))));

    // The fastest of two replicas wins; the other is closed.
    public static async Task<WorkerSocket> FastestAsync(string a, string b)
    {
        var first = Sockets.Connect(a);
        var second = Sockets.Connect(b);
        var winner = await Task.WhenAny(first.Opened, second.Opened);
        if (winner == first.Opened)
        {
            await second.CloseAsync();
            return first;
        }

        await first.CloseAsync();
        return second;
    }

    // The loser is never closed.
    public static async Task<WorkerSocket> FastestLeakyAsync(string a, string b)
    {
        var first = Sockets.Connect(a); // expect: WSK007
        var second = Sockets.Connect(b); // expect: WSK007
        var winner = await Task.WhenAny(first.Opened, second.Opened);
        return winner == first.Opened ? first : second;
    }

    // Timeout through a linked token; the socket is disposed either way.
    public static async Task<bool> WithTokenAsync(string node, CancellationToken requestAborted)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        cts.CancelAfter(TimeSpan.FromSeconds(1));
        var socket = Sockets.Connect(node);
        await using (socket)
        {
            try
            {
                await socket.Opened.WaitAsync(cts.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    // Sequential checks, each with its own using block: one open at a time.
    public static async Task<int> CountUpAsync(string[] nodes)
    {
        var up = 0;
        foreach (var node in nodes)
        {
            await using (var socket = Sockets.Connect(node))
            {
                try
                {
                    await socket.Opened;
                    up++;
                }
                catch (Exception)
                {
                }
            }
        }

        return up;
    }

    // Keeps each probe socket to reuse later — all open at once.
    public static async Task<List<WorkerSocket>> KeepUpAsync(string[] nodes)
    {
        var up = new List<WorkerSocket>();
        foreach (var node in nodes)
        {
            var socket = Sockets.Connect(node); // expect: WSK008
            try
            {
                await socket.Opened;
                up.Add(socket);
            }
            catch (Exception)
            {
                await socket.CloseAsync();
            }
        }

        return up;
    }

    // Blocks on the probe in a synchronous health endpoint.
    public static bool IsUp(string node)
    {
        var socket = Sockets.Connect(node);
        try
        {
            socket.Opened.Wait(TimeSpan.FromSeconds(1)); // expect: WSK009
            return true;
        }
        catch (AggregateException)
        {
            return false;
        }
        finally
        {
            _ = socket.CloseAsync(); // expect: WSK002
        }
    }

    public static async Task<string> ReportAsync(string node, WorkerContext ctx)
    {
        var socket = Sockets.Connect(node);
        var status = socket.Opened.IsCompleted ? "known" : "pending";
        ctx.WaitUntil(Task.WhenAll(socket.Opened, socket.CloseAsync()));
        await Task.Yield();
        return status;
    }
}
