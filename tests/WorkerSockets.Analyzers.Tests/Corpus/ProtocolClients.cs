// Tiny protocol clients as users write them: a Redis and a PostgreSQL client that wrap a socket and dispose it,
// records that hold a socket, factories that hand the socket to the caller. Written from the rule pages alone.
using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.ProtocolClients;

sealed class MiniRedis : IAsyncDisposable
{
    private readonly WorkerSocket socket;

    private MiniRedis(WorkerSocket socket) => this.socket = socket;

    public static MiniRedis Connect(string host, int port = 6379) => new(Sockets.Connect(host, port));

    public static async Task<MiniRedis> ConnectAsync(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 6379);
        try
        {
            await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await socket.CloseAsync().ConfigureAwait(false);
            throw;
        }

        return new MiniRedis(socket);
    }

    public async Task<string> CommandAsync(string line)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        var read = await socket.Readable.ReadAsync();
        var reply = Encoding.ASCII.GetString(read.Buffer.ToArray());
        socket.Readable.AdvanceTo(read.Buffer.End);
        return reply;
    }

    public ValueTask DisposeAsync() => socket.DisposeAsync();
}

sealed class MiniPg : IAsyncDisposable
{
    private WorkerSocket socket;

    public MiniPg(WorkerSocket socket) => this.socket = socket;

    public async Task UpgradeAsync()
    {
        socket = socket.StartTls();
        await socket.Opened;
    }

    public async ValueTask DisposeAsync()
    {
        await socket.Writable.WriteAsync(new byte[] { (byte)'X', 0, 0, 0, 4 });
        await socket.CloseAsync();
    }
}

record Connection(WorkerSocket Socket, string Database);

sealed record PooledLease(WorkerSocket Socket) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}

static class ClientUse
{
    public static async Task<string> Get(string host, string key)
    {
        await using var redis = MiniRedis.Connect(host);
        return await redis.CommandAsync("GET " + key);
    }

    public static async Task Upgrade(string host)
    {
        var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var pg = new MiniPg(plain);
        await pg.UpgradeAsync();
    }

    public static Connection Open(string host, string db) => new(Sockets.Connect(host, 5432), db);

    public static async Task<int> UseRecord(string host)
    {
        var (socket, database) = Open(host, "app");
        await socket.Opened;
        await socket.CloseAsync();
        return database.Length;
    }

    public static async Task Lease(string host)
    {
        await using var lease = new PooledLease(Sockets.Connect(host, 5432));
        await lease.Socket.Opened;
    }

    public static async Task<string> ForgetsToDispose(string host)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"));
        var read = await socket.Readable.ReadAsync();
        return Encoding.ASCII.GetString(read.Buffer.ToArray());
    }

    public static async Task WrapperKeepsIt(string host)
    {
        var client = new MiniPg(Sockets.Connect(host, 5432));
        await client.DisposeAsync();
    }
}
