// Batch 6, sixth round: protocol client classes with Open/Close methods, handlers written as lambdas for
// WorkerContext.RunAsync, delegates kept on a worker, nested retry-in-fan-out loops.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.ClientsAndLambdas;

public sealed class Env
{
    public string Queue { get; init; } = "queue.internal:5672";
}

/// <summary>A client that opens in a method and closes in another: the fields own the socket.</summary>
public sealed class QueueClient : IAsyncDisposable
{
    private WorkerSocket? _socket;

    public async Task OpenAsync(string address)
    {
        _socket = Sockets.Connect(address);
        await _socket.Opened;
    }

    public Task PublishAsync(byte[] message) => _socket!.Writable.WriteAsync(message).AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_socket is not null)
        {
            await _socket.CloseAsync();
        }
    }
}

public static class LambdaHandlers
{
    public static Task RunLeakyAsync(string address) =>
        WorkerContext.RunAsync(async ctx =>
        {
            var socket = Sockets.Connect(address); // expect: WSK007
            await socket.Opened;
        });

    public static Task RunClosedAsync(string address) =>
        WorkerContext.RunAsync(async ctx =>
        {
            var socket = Sockets.Connect(address);
            await socket.Opened;
            ctx.WaitUntil(socket.CloseAsync());
        });

    public static Task RunWithClientAsync(Env env) =>
        WorkerContext.RunAsync(async ctx =>
        {
            await using var client = new QueueClient();
            await client.OpenAsync(env.Queue);
            await client.PublishAsync(new byte[] { 1 });
        });

    // Blocking inside a LINQ projection.
    public static string[] Remotes(IEnumerable<WorkerSocket> sockets) => sockets.Select(s => s.Opened.Result.RemoteAddress ?? "").ToArray(); // expect: WSK009

    // Task.Run returning the close, not awaited: the close is observed by Task.Run, but the work outlives the request.
    public static void CloseInBackground(WorkerSocket socket)
    {
        _ = Task.Run(() => socket.CloseAsync()); // expect: WSK003
    }
}

[Worker]
public sealed partial class HookWorker
{
    private Func<Task>? _onShutdown;

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        var socket = Sockets.Connect(env.Queue);
        _onShutdown = () => socket.CloseAsync(); // expect: WSK003
        await socket.Opened;
        return new HttpResponseMessage();
    }
}

public static class NestedLoops
{
    // Per shard, retry until it opens; every opened socket is kept for the second phase.
    public static async Task<List<WorkerSocket>> OpenAllWithRetryAsync(IReadOnlyList<string> shards)
    {
        var open = new List<WorkerSocket>();
        foreach (var shard in shards)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var socket = Sockets.Connect(shard, 5432); // expect: WSK008
                try
                {
                    await socket.Opened;
                    open.Add(socket);
                    break;
                }
                catch (Exception)
                {
                    await socket.CloseAsync();
                }
            }
        }

        return open;
    }

    // Per shard, retry until it opens, use it, close it: at most one open at a time.
    public static async Task<int> EachWithRetryAsync(IReadOnlyList<string> shards)
    {
        var ok = 0;
        foreach (var shard in shards)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                await using var socket = Sockets.Connect(shard, 5432);
                try
                {
                    await socket.Opened;
                    ok++;
                    break;
                }
                catch (Exception)
                {
                }
            }
        }

        return ok;
    }

    // Reconnect loop that closes at the bottom of each pass.
    public static async Task<long> PollAsync(string address, int rounds)
    {
        long total = 0;
        WorkerSocket socket;
        for (var i = 0; i < rounds; i++)
        {
            socket = Sockets.Connect(address);
            var read = await socket.Readable.ReadAsync();
            total += read.Buffer.Length;
            await socket.CloseAsync();
        }

        return total;
    }
}
