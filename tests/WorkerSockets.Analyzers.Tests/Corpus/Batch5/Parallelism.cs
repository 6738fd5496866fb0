// Batch 5: Parallel.ForEachAsync fan-out, Channel<T> producers and consumers, SemaphoreSlim-bounded work.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Parallelism;

public static class FanOut
{
    public static async Task<IReadOnlyDictionary<string, bool>> ProbeAll(IEnumerable<string> hosts, CancellationToken ct)
    {
        var results = new ConcurrentDictionary<string, bool>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct };
        await Parallel.ForEachAsync(hosts, options, async (host, token) =>
        {
            await using var socket = Sockets.Connect(host, 5432);
            results[host] = await socket.Opened.WaitAsync(token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return results;
    }

    public static async Task ProbeAllLeaks(IEnumerable<string> hosts, CancellationToken ct)
    {
        await Parallel.ForEachAsync(hosts, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (host, token) =>
        {
            var socket = Sockets.Connect(host, 5432); // expect: WSK007
            await socket.Opened.WaitAsync(token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public static async Task<int> Bounded(string[] shards)
    {
        using var gate = new SemaphoreSlim(6);
        var lengths = await Task.WhenAll(shards.Select(async shard =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await using var socket = Sockets.Connect(shard, 5432);
                return (await socket.Opened.ConfigureAwait(false)).RemoteAddress?.Length ?? 0;
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return lengths.Sum();
    }

    public static async Task KeepAllOpen(string[] shards)
    {
        var open = new List<WorkerSocket>(shards.Length);
        for (var i = 0; i < shards.Length; i++)
        {
            open.Add(Sockets.Connect(shards[i], 5432)); // expect: WSK008
        }

        await Task.WhenAll(open.Select(s => s.Opened)).ConfigureAwait(false);
        await Task.WhenAll(open.Select(s => s.CloseAsync())).ConfigureAwait(false);
    }

    public static async Task SelectOpens(string[] shards)
    {
        // LINQ has no loop keyword: each socket is a lambda's return value, kept by the array.
        var sockets = shards.Select(shard => Sockets.Connect(shard, 5432)).ToArray();
        await Task.WhenAll(sockets.Select(s => s.CloseAsync())).ConfigureAwait(false);
    }
}

public static class Pipelines
{
    public static async Task ProduceAndConsume(string[] hosts, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<WorkerSocket>(2);
        var producer = Task.Run(async () =>
        {
            foreach (var host in hosts)
            {
                // A channel is a collection: the loop check cannot see that the consumer closes each one.
                await channel.Writer.WriteAsync(Sockets.Connect(host, 6379), ct).ConfigureAwait(false); // expect: WSK008
            }

            channel.Writer.Complete();
        }, ct);

        await foreach (var socket in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            await using (socket.ConfigureAwait(false))
            {
                await socket.Opened.ConfigureAwait(false);
            }
        }

        await producer.ConfigureAwait(false);
    }

    public static async Task HandOffOne(string host, ChannelWriter<WorkerSocket> writer, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.Opened.ConfigureAwait(false);
        await writer.WriteAsync(socket, ct).ConfigureAwait(false);
    }

    public static async Task<int> Drain(ChannelReader<WorkerSocket> reader, CancellationToken ct)
    {
        var count = 0;
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (reader.TryRead(out var socket))
            {
                await socket.CloseAsync().ConfigureAwait(false);
                count++;
            }
        }

        return count;
    }
}

public static class SharedQueues
{
    private static readonly Channel<WorkerSocket> Returned = Channel.CreateUnbounded<WorkerSocket>();

    public static async Task ReturnForLater(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.Opened.ConfigureAwait(false);
        Returned.Writer.TryWrite(socket); // expect: WSK003
    }

    public static async Task DrainShared()
    {
        while (Returned.Reader.TryRead(out var socket))
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }
}
