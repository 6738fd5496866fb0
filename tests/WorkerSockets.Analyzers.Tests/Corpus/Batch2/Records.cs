// Batch 2: records and primary constructors that hold sockets.
using System;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Records;

public sealed record DbLease(WorkerSocket Socket, string Database) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}

public readonly record struct Endpoint(string Host, int Port)
{
    public WorkerSocket Open() => Sockets.Connect(Host, Port);
    public override string ToString() => $"{Host}:{Port}";
}

public sealed class Session(WorkerSocket socket, string user)
{
    public string User { get; } = user;
    public Task<SocketInfo> OpenedAsync() => socket.Opened;
    public Task EndAsync() => socket.CloseAsync();
}

public sealed class Reader(WorkerSocket socket)
{
    public async Task<long> LengthAsync()
    {
        var read = await socket.Readable.ReadAsync();
        var length = read.Buffer.Length;
        socket.Readable.AdvanceTo(read.Buffer.End);
        return length;
    }
}

public static class RecordUse
{
    public static async Task<string> LeaseAsync(string host)
    {
        await using var lease = new DbLease(Sockets.Connect(host, 5432), "shop");
        await lease.Socket.Opened;
        return lease.Database;
    }

    public static DbLease Rent(string host) => new(Sockets.Connect(host, 5432), "shop");

    public static async Task<string> EndpointAsync(Endpoint endpoint)
    {
        await using var socket = endpoint.Open();
        return (await socket.Opened).RemoteAddress ?? endpoint.ToString();
    }

    public static async Task<string> EndpointLeakAsync(Endpoint endpoint)
    {
        var socket = endpoint.Open(); // expect: WSK007
        return (await socket.Opened).RemoteAddress ?? endpoint.ToString();
    }

    public static async Task<string> SessionAsync(string host)
    {
        var session = new Session(Sockets.Connect(host, 5432), "app");
        await session.OpenedAsync();
        await session.EndAsync();
        return session.User;
    }

    // A borrowing reader: the socket itself must still be closed.
    public static async Task<long> ReaderAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        var reader = new Reader(socket);
        var length = await reader.LengthAsync();
        await socket.CloseAsync();
        return length;
    }

    public static async Task<long> ReaderWithUsingAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 5432);
        return await new Reader(socket).LengthAsync();
    }

    public static async Task<string> WithExpressionAsync(string host)
    {
        await using var lease = new DbLease(Sockets.Connect(host, 5432), "shop");
        var other = lease with { Database = "audit" };
        await other.Socket.Opened;
        return other.Database;
    }

    public static async Task<bool> DeconstructAsync(string host)
    {
        var (primary, replica) = (Sockets.Connect(host, 5432), Sockets.Connect(host, 5433));
        try
        {
            await Task.WhenAll(primary.Opened, replica.Opened);
            return true;
        }
        finally
        {
            await primary.CloseAsync();
            await replica.CloseAsync();
        }
    }

    public static async Task<bool> DeconstructLeakAsync(string host)
    {
        var (primary, replica) = (Sockets.Connect(host, 5432), Sockets.Connect(host, 5433)); // expect: WSK007
        await Task.WhenAll(primary.Opened, replica.Opened);
        await primary.CloseAsync();
        return true;
    }
}
