// Batch 6: a small RESP client over a socket, as someone porting a Node Redis snippet would write it.
using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.RedisOverSocket;

public static class Resp
{
    public static byte[] Command(params string[] parts)
    {
        var builder = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static async Task<string> SendAsync(WorkerSocket socket, params string[] parts)
    {
        await socket.Writable.WriteAsync(Command(parts));
        var reply = await socket.Readable.ReadAsync();
        var text = Encoding.UTF8.GetString(reply.Buffer.FirstSpan);
        socket.Readable.AdvanceTo(reply.Buffer.End);
        return text;
    }

    // An extension method that reads like an instance call. It borrows.
    public static Task<string> PingAsync(this WorkerSocket socket) => SendAsync(socket, "PING");

    // An extension that ends the socket's life.
    public static async Task QuitAsync(this WorkerSocket socket)
    {
        await SendAsync(socket, "QUIT");
        await socket.CloseAsync();
    }
}

/// <summary>Owns its socket; careful author.</summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly WorkerSocket _socket;

    private RedisConnection(WorkerSocket socket) => _socket = socket;

    public static async Task<RedisConnection> OpenAsync(string host, string? password)
    {
        var socket = Sockets.Connect(host, 6379, new SocketOptions { SecureTransport = SecureTransport.On });
        try
        {
            await socket.Opened;
            if (password is not null)
            {
                await Resp.SendAsync(socket, "AUTH", password);
            }

            return new RedisConnection(socket);
        }
        catch
        {
            await socket.CloseAsync();
            throw;
        }
    }

    public Task<string> GetAsync(string key) => Resp.SendAsync(_socket, "GET", key);

    public Task<string> SetAsync(string key, string value) => Resp.SendAsync(_socket, "SET", key, value);

    public async ValueTask DisposeAsync() => await _socket.CloseAsync();
}

public static class RedisHandlers
{
    public static async Task<string> CachedGetAsync(string host, string key)
    {
        await using var redis = await RedisConnection.OpenAsync(host, null);
        return await redis.GetAsync(key);
    }

    // Port 6379 but the ping is fire-and-forget close.
    public static async Task<string> PingAndDropAsync(string host)
    {
        var socket = Sockets.Connect(new DnsEndPoint(host, 6379));
        var pong = await socket.PingAsync();
        socket.CloseAsync(); // expect: WSK002
        return pong;
    }

    // The extension reads like a method on the socket and borrows: nothing closes it.
    public static async Task<string> PingOnlyAsync(string host)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        return await socket.PingAsync();
    }

    // The extension that closes takes ownership.
    public static async Task<string> PingQuitAsync(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        var pong = await socket.PingAsync();
        await socket.QuitAsync();
        return pong;
    }

    // MGET spread over shards, one connection per shard kept in a list until the end.
    public static async Task<List<string>> MultiShardAsync(IReadOnlyList<string> shards, string key)
    {
        var connections = new List<WorkerSocket>();
        foreach (var shard in shards)
        {
            connections.Add(Sockets.Connect(shard, 6379)); // expect: WSK008
        }

        var values = new List<string>();
        foreach (var connection in connections)
        {
            values.Add(await Resp.SendAsync(connection, "GET", key));
            await connection.CloseAsync();
        }

        return values;
    }

    // Shards one at a time: the careful version.
    public static async Task<List<string>> ShardsOneByOneAsync(IReadOnlyList<string> shards, string key)
    {
        var values = new List<string>();
        foreach (var shard in shards)
        {
            await using var connection = Sockets.Connect(shard, 6379);
            values.Add(await Resp.SendAsync(connection, "GET", key));
        }

        return values;
    }

    // Pipeline of commands, close observed via the discard-returning ContinueWith chain handed to WaitUntil.
    public static async Task<string> PipelineAsync(string host, WorkerContext ctx)
    {
        var socket = Sockets.Connect(host, 6380);
        var first = await Resp.SendAsync(socket, "INCR", "hits");
        var second = await Resp.SendAsync(socket, "EXPIRE", "hits", "60");
        ctx.WaitUntil(socket.CloseAsync().ContinueWith(t => Console.WriteLine(t.Status), TaskScheduler.Default));
        return first + second;
    }

    // DisposeAsync().AsTask() dropped in a sync helper.
    public static void CloseQuietly(WorkerSocket socket)
    {
        _ = socket.DisposeAsync().AsTask(); // expect: WSK002
    }

    // Null-conditional close dropped.
    public static void CloseMaybe(WorkerSocket? socket)
    {
        socket?.CloseAsync(); // expect: WSK002
    }
}
