// Retry and reconnect loops that keep the current socket in a variable declared before the loop (WSK008): quiet when
// every way back round to the connect closes the previous socket or leaves the loop, reported when one does not.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Reconnects;

sealed class RedisClient
{
    private readonly string host;

    public RedisClient(string host) => this.host = host;

    public async Task<string> PingWithRetry(CancellationToken ct)
    {
        WorkerSocket? socket = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (socket is not null)
            {
                await socket.CloseAsync();
            }

            socket = Sockets.Connect(host, 6379);
            try
            {
                await socket.Opened.WaitAsync(ct);
                break;
            }
            catch (Exception) when (attempt < 2)
            {
                await Task.Delay(50 << attempt, ct);
            }
        }

        try
        {
            await socket!.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), ct);
            return "sent";
        }
        finally
        {
            await socket!.CloseAsync();
        }
    }

    public async Task<WorkerSocket> FirstHealthy(IReadOnlyList<string> replicas)
    {
        WorkerSocket candidate;
        var i = 0;
        while (true)
        {
            candidate = Sockets.Connect(replicas[i % replicas.Count], 6379);
            if (await IsHealthy(candidate))
            {
                break;
            }

            await candidate.CloseAsync();
            i++;
        }

        return candidate;
    }

    public async Task<WorkerSocket> FirstHealthyForgetsTheBadOnes(IReadOnlyList<string> replicas)
    {
        WorkerSocket candidate;
        var i = 0;
        do
        {
            candidate = Sockets.Connect(replicas[i++ % replicas.Count], 6379); // expect: WSK008, WSK007
        }
        while (!await IsHealthy(candidate));

        return candidate;
    }

    private static async Task<bool> IsHealthy(WorkerSocket socket)
    {
        var info = await socket.Opened;
        return info.RemoteAddress.Length > 0;
    }
}

static class ShardSweep
{
    public static async Task<int> CountPerShard(string[] shards)
    {
        var total = 0;
        WorkerSocket? current = null;
        foreach (var shard in shards)
        {
            if (current != null)
            {
                await current.CloseAsync();
            }

            current = Sockets.Connect(shard, 5432);
            await current.Opened;
            total++;
        }

        if (current != null)
        {
            await current.CloseAsync();
        }

        return total;
    }

    public static async Task SweepClosingOnlyOnError(string[] shards)
    {
        WorkerSocket? current = null;
        foreach (var shard in shards)
        {
            current = Sockets.Connect(shard, 5432); // expect: WSK008, WSK007
            try
            {
                await current.Opened;
            }
            catch (IOException)
            {
                await current.CloseAsync();
            }
        }

        if (current is not null)
        {
            await current.CloseAsync();
        }
    }

    public static async Task FirstReachable(string[] shards)
    {
        WorkerSocket? reached = null;
        foreach (var shard in shards)
        {
            reached = Sockets.Connect(shard, 5432);
            break;
        }

        if (reached is not null)
        {
            await using (reached)
            {
                await reached.Opened;
            }
        }
    }
}
