// Helpers and protocol classes: who closes a socket is decided by what the callee does with it.
using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Helpers;

static class Wire
{
    public static async Task SendLineAsync(this WorkerSocket socket, string line)
    {
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
    }

    public static async Task<string> ReadLineAsync(WorkerSocket socket)
    {
        var result = await socket.Readable.ReadAsync();
        var text = Encoding.UTF8.GetString(result.Buffer.ToArray());
        socket.Readable.AdvanceTo(result.Buffer.End);
        return text;
    }

    public static async Task ShutdownAsync(WorkerSocket socket)
    {
        await socket.Writable.CompleteAsync();
        await socket.CloseAsync();
    }

    public static Task CloseLaterAsync(WorkerSocket socket) => ShutdownAsync(socket);

    public static void Log(object value) => Console.WriteLine(value);
}

sealed class RedisClient : IAsyncDisposable
{
    private readonly WorkerSocket socket;

    public RedisClient(WorkerSocket socket) => this.socket = socket;

    public async Task<string> GetAsync(string key)
    {
        await socket.SendLineAsync("GET " + key);
        return await Wire.ReadLineAsync(socket);
    }

    public ValueTask DisposeAsync() => socket.DisposeAsync();
}

sealed class Handlers
{
    public async Task<string> Ping(string host)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await socket.SendLineAsync("PING");
        return await Wire.ReadLineAsync(socket);
    }

    public async Task<string> PingAndClose(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.SendLineAsync("PING");
        var reply = await Wire.ReadLineAsync(socket);
        await Wire.ShutdownAsync(socket);
        return reply;
    }

    public async Task<string> PingThroughForwarder(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.SendLineAsync("PING");
        await Wire.CloseLaterAsync(socket);
        return "ok";
    }

    public async Task<string> Traced(string host)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        Wire.Log(socket);
        ArgumentNullException.ThrowIfNull(socket);
        return await Wire.ReadLineAsync(socket);
    }

    public async Task<string> ViaClient(string host)
    {
        await using var client = new RedisClient(Sockets.Connect(host, 6379));
        return await client.GetAsync("k");
    }

    public RedisClient Open(string host) => new RedisClient(Sockets.Connect(host, 6379));

    public WorkerSocket OpenRaw(string host) => Sockets.Connect(host, 6379);

    public async Task<bool> Handshake(string host)
    {
        var other = Sockets.Connect(host, 5432); // expect: WSK007
        if (!await HandshakeAsync(other))
        {
            return false;
        }

        await other.CloseAsync();
        return true;
    }

    public async Task<bool> HandshakeInFinally(string host)
    {
        var other = Sockets.Connect(host, 5432);
        try
        {
            return await HandshakeAsync(other);
        }
        finally
        {
            await other.CloseAsync();
        }
    }

    public async Task<int> StreamCopy(string host, byte[] payload)
    {
        await using var socket = Sockets.Connect(host, 7);
        var stream = socket.Stream;
        await stream.WriteAsync(payload);
        var buffer = new byte[payload.Length];
        return await stream.ReadAsync(buffer);
    }

    public async Task Helper(string host)
    {
        var socket = Sockets.Connect(host, 7); // expect: WSK007
        await Touch(socket);

        static async Task Touch(WorkerSocket s) => await s.Opened;
    }

    public async Task HelperThatCloses(string host)
    {
        var socket = Sockets.Connect(host, 7);
        await Finish(socket);

        static async Task Finish(WorkerSocket s)
        {
            await s.Opened;
            await s.CloseAsync();
        }
    }

    private static async Task<bool> HandshakeAsync(WorkerSocket socket)
    {
        var info = await socket.Opened;
        return info.RemoteAddress is not null;
    }
}
