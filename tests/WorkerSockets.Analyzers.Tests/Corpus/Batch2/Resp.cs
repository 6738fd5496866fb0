// Batch 2: a Redis-like RESP client, extension methods on WorkerSocket, and handlers that use them.
using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Resp;

public static class RespExtensions
{
    public static async ValueTask WriteCommandAsync(this WorkerSocket socket, params string[] parts)
    {
        var builder = new StringBuilder();
        builder.Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()));
    }

    public static async ValueTask<string> ReadLineAsync(this WorkerSocket socket)
    {
        while (true)
        {
            var result = await socket.Readable.ReadAsync();
            var buffer = result.Buffer;
            var end = buffer.PositionOf((byte)'\n');
            if (end is { } position)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, position));
                socket.Readable.AdvanceTo(buffer.GetPosition(1, position));
                return line.TrimEnd('\r');
            }

            socket.Readable.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new InvalidOperationException("Connection closed mid-reply.");
            }
        }
    }

    // Sends QUIT and closes: the extension takes the socket's life.
    public static async Task QuitAsync(this WorkerSocket socket)
    {
        await socket.WriteCommandAsync("QUIT");
        await socket.CloseAsync();
    }
}

public sealed class RedisClient(WorkerSocket socket) : IAsyncDisposable
{
    public static RedisClient Connect(string host, int port = 6379) => new(Sockets.Connect(host, port));

    public async Task<string> GetAsync(string key)
    {
        await socket.WriteCommandAsync("GET", key);
        return await socket.ReadLineAsync();
    }

    public async Task SetAsync(string key, string value)
    {
        await socket.WriteCommandAsync("SET", key, value);
        _ = await socket.ReadLineAsync();
    }

    public ValueTask DisposeAsync() => socket.DisposeAsync();
}

public static class RedisHandlers
{
    public static async Task<string> GetWithClientAsync(string key)
    {
        await using var client = RedisClient.Connect("cache.internal");
        return await client.GetAsync(key);
    }

    public static async Task<string> PingAsync(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.WriteCommandAsync("PING");
        var pong = await socket.ReadLineAsync();
        await socket.QuitAsync();
        return pong;
    }

    // Writes through the extension, then returns without closing.
    public static async Task<string> EchoLeakAsync(string host, string text)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await socket.WriteCommandAsync("ECHO", text);
        return await socket.ReadLineAsync();
    }

    public static async Task<string> IncrementAsync(string host, string key, WorkerContext ctx)
    {
        var socket = Sockets.Connect($"{host}:6379");
        await socket.WriteCommandAsync("INCR", key);
        var value = await socket.ReadLineAsync();
        ctx.WaitUntil(socket.CloseAsync());
        return value;
    }

    // Pipelined MGET against each shard, one at a time.
    public static async Task<List<string>> MultiGetAsync(IReadOnlyList<string> shards, string key)
    {
        var values = new List<string>();
        foreach (var shard in shards)
        {
            await using var socket = Sockets.Connect(shard, 6379);
            await socket.WriteCommandAsync("GET", key);
            values.Add(await socket.ReadLineAsync());
        }

        return values;
    }

    // Opens a client per shard and keeps them all in a list.
    public static async Task<List<RedisClient>> ConnectAllAsync(IEnumerable<string> shards)
    {
        var clients = new List<RedisClient>();
        foreach (var shard in shards)
        {
            var socket = Sockets.Connect(shard, 6379);
            await socket.Opened;
            clients.Add(new RedisClient(socket));
        }

        return clients;
    }

    // Fire-and-forget close after a failed command.
    public static async Task<string?> TryGetAsync(string host, string key)
    {
        var socket = Sockets.Connect(host, 6379);
        try
        {
            await socket.WriteCommandAsync("GET", key);
            return await socket.ReadLineAsync();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        finally
        {
            socket.CloseAsync(); // expect: WSK002
        }
    }

    // Redis over TLS: opened with SecureTransport.On, no upgrade needed.
    public static async Task<string> TlsGetAsync(string host, string key)
    {
        await using var socket = Sockets.Connect(host, 6380, new SocketOptions { SecureTransport = SecureTransport.On });
        await socket.WriteCommandAsync("GET", key);
        return await socket.ReadLineAsync();
    }
}
