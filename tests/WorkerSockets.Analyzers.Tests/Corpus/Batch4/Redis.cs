// Batch 4: a RESP client, a pub/sub reader exposed as IAsyncEnumerable, and the caches people build around them.
using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Redis;

public sealed class RespConnection : IAsyncDisposable
{
    private readonly WorkerSocket socket;

    public RespConnection(WorkerSocket socket) => this.socket = socket;

    public static RespConnection Open(string host, int port = 6379) => new(Sockets.Connect(host, port));

    public async ValueTask<string> CommandAsync(string command, CancellationToken ct = default)
    {
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct).ConfigureAwait(false);
        var result = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(result.Buffer.ToArray());
        socket.Readable.AdvanceTo(result.Buffer.End);
        return text;
    }

    public ValueTask DisposeAsync() => socket.DisposeAsync();
}

public static class PubSub
{
    public static async IAsyncEnumerable<string> SubscribeAsync(string host, string channel, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var socket = Sockets.Connect(host, 6379);
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"SUBSCRIBE {channel}\r\n"), ct).ConfigureAwait(false);
        while (!ct.IsCancellationRequested)
        {
            var result = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                yield break;
            }

            yield return Encoding.UTF8.GetString(result.Buffer.ToArray());
            socket.Readable.AdvanceTo(result.Buffer.End);
        }
    }

    public static async IAsyncEnumerable<string> SubscribeLeakyAsync(string host, string channel, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"SUBSCRIBE {channel}\r\n"), ct).ConfigureAwait(false);
        while (true)
        {
            var result = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                break;
            }

            yield return Encoding.UTF8.GetString(result.Buffer.ToArray());
            socket.Readable.AdvanceTo(result.Buffer.End);
        }
    }

    public static async Task<int> CountMessagesAsync(string host, string channel, int limit)
    {
        var count = 0;
        await foreach (var message in SubscribeAsync(host, channel).ConfigureAwait(false))
        {
            if (++count == limit)
            {
                break;
            }
        }

        return count;
    }
}

public static class ConnectionCache
{
    private static readonly ConcurrentDictionary<string, WorkerSocket> ByHost = new();
    private static readonly Lazy<WorkerSocket> Primary = new(() => Sockets.Connect("primary.cache", 6379)); // expect: WSK003

    public static WorkerSocket Get(string host) => ByHost.GetOrAdd(host, h => Sockets.Connect(h, 6379)); // expect: WSK003

    public static void Remember(string host, WorkerSocket socket) => ByHost[host] = socket; // expect: WSK003

    public static WorkerSocket PrimarySocket => Primary.Value;
}

public sealed class RequestCache
{
    // One instance per request (created in the handler), so a dictionary here is request-scoped.
    private readonly ConcurrentDictionary<string, WorkerSocket> open = new();

    public WorkerSocket Get(string host) => open.GetOrAdd(host, h => Sockets.Connect(h, 6379));

    public async Task CloseAllAsync()
    {
        foreach (var socket in open.Values)
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }

        open.Clear();
    }
}

public static class RedisHandlers
{
    public static async Task<string> GetAsync(WorkerContext ctx, string host, string key)
    {
        var cache = new RequestCache();
        try
        {
            var socket = cache.Get(host);
            await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"GET {key}\r\n")).ConfigureAwait(false);
            var result = await socket.Readable.ReadAsync().ConfigureAwait(false);
            return Encoding.UTF8.GetString(result.Buffer.ToArray());
        }
        finally
        {
            ctx.WaitUntil(cache.CloseAllAsync());
        }
    }

    public static async Task<string> GetWithClientAsync(string host, string key)
    {
        await using var client = RespConnection.Open(host);
        return await client.CommandAsync($"GET {key}").ConfigureAwait(false);
    }

    public static async Task<string> GetLeakyAsync(string host, string key)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        var client = new StringBuilder();
        client.Append(socket.SecureTransport);
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"GET {key}\r\n")).ConfigureAwait(false);
        return client.ToString();
    }
}
