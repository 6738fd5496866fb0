// Batch 2: pipelines with Channel<T>, Task.WhenAll fan-out, LINQ and lambdas over sockets.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Channels;

public sealed record Job(string Shard, byte[] Payload);

public static class ShardPipeline
{
    // Producer/consumer inside one request: every consumer closes its own socket.
    public static async Task<int> RunAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Job>(4);
        var producer = Task.Run(async () =>
        {
            foreach (var job in jobs)
            {
                await channel.Writer.WriteAsync(job, cancellationToken);
            }

            channel.Writer.Complete();
        }, cancellationToken);

        var consumers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var sent = 0;
            await foreach (var job in channel.Reader.ReadAllAsync(cancellationToken))
            {
                await using var socket = Sockets.Connect(job.Shard, 7100);
                await socket.Writable.WriteAsync(job.Payload, cancellationToken);
                sent++;
            }

            return sent;
        }, cancellationToken)).ToList();

        await producer;
        var counts = await Task.WhenAll(consumers);
        return counts.Sum();
    }

    // Sockets themselves travel through a channel to one writer, which closes them.
    public static async Task ForwardAsync(IEnumerable<string> hosts, WorkerContext ctx)
    {
        var opened = Channel.CreateUnbounded<WorkerSocket>();
        foreach (var host in hosts)
        {
            await opened.Writer.WriteAsync(Sockets.Connect(host, 7200)); // expect: WSK008
        }

        opened.Writer.Complete();
        ctx.WaitUntil(DrainAsync(opened.Reader));
    }

    private static async Task DrainAsync(ChannelReader<WorkerSocket> reader)
    {
        await foreach (var socket in reader.ReadAllAsync())
        {
            await socket.CloseAsync();
        }
    }

    // LINQ fan-out over a handful of replicas, all closed together.
    public static async Task<string?[]> RemotesAsync(IEnumerable<string> replicas)
    {
        var sockets = replicas.Take(3).Select(r => Sockets.Connect(r, 5432)).ToArray();
        try
        {
            var infos = await Task.WhenAll(sockets.Select(s => s.Opened));
            return infos.Select(i => i.RemoteAddress).ToArray();
        }
        finally
        {
            await Task.WhenAll(sockets.Select(s => s.CloseAsync()));
        }
    }

    // Bounded parallelism: at most 4 sockets at a time.
    public static async Task<int> BoundedAsync(IEnumerable<string> hosts)
    {
        using var gate = new SemaphoreSlim(4);
        var results = await Task.WhenAll(hosts.Select(async host =>
        {
            await gate.WaitAsync();
            try
            {
                await using var socket = Sockets.Connect(host, 7300);
                var info = await socket.Opened;
                return info.RemoteAddress?.Length ?? 0;
            }
            finally
            {
                gate.Release();
            }
        }));
        return results.Sum();
    }

    // A lambda that drops the close task.
    public static Func<WorkerSocket, Task> Closer(bool graceful) => graceful
        ? s => s.CloseAsync()
        : s => { s.CloseAsync(); return Task.CompletedTask; }; // expect: WSK002

    // Background flush that nobody awaits and no WaitUntil keeps alive.
    public static async Task FlushLaterAsync(string host, byte[] data)
    {
        var socket = Sockets.Connect(host, 7400);
        await socket.Opened;
        _ = Task.Run(async () => // expect: WSK003
        {
            await socket.Writable.WriteAsync(data);
            await socket.CloseAsync();
        });
    }

    // The same flush, kept alive by the request.
    public static async Task FlushWithinRequestAsync(string host, byte[] data, WorkerContext ctx)
    {
        var socket = Sockets.Connect(host, 7400);
        await socket.Opened;
        var flush = Task.Run(async () =>
        {
            await socket.Writable.WriteAsync(data);
            await socket.CloseAsync();
        });
        ctx.WaitUntil(flush);
    }

    // Awaited work ends inside the request.
    public static async Task<int> ParseOffThreadAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 7500);
        var read = await socket.Readable.ReadAsync();
        var length = await Task.Run(() => (int)read.Buffer.Length + (socket.Upgraded ? 1 : 0));
        socket.Readable.AdvanceTo(read.Buffer.End);
        return length;
    }

    // Several tasks gathered in a list and awaited together.
    public static async Task PingAllAsync(IEnumerable<string> hosts)
    {
        await using var socket = Sockets.Connect("agg.internal", 7600);
        var work = new List<Task>();
        foreach (var host in hosts.Take(4))
        {
            work.Add(Task.Run(async () => await socket.Writable.WriteAsync(new byte[] { 1 })));
        }

        await Task.WhenAll(work);
    }
}
