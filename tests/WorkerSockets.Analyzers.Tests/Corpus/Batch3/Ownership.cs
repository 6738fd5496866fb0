// Batch 3: who owns a socket after a call — interfaces, virtual methods, helpers that close in finally, recursion.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch3.Ownership;

public interface IProtocol
{
    Task HandshakeAsync(WorkerSocket socket);
}

public abstract class ProtocolBase : IProtocol
{
    public abstract Task HandshakeAsync(WorkerSocket socket);

    public virtual async Task FinishAsync(WorkerSocket socket)
    {
        try
        {
            await socket.Writable.FlushAsync();
        }
        finally
        {
            await socket.CloseAsync();
        }
    }
}

public sealed class Postgres : ProtocolBase
{
    public override async Task HandshakeAsync(WorkerSocket socket) => await socket.Writable.WriteAsync(new byte[] { 0, 0, 0, 8 });
}

public sealed class RequestScope : IAsyncDisposable
{
    private readonly List<WorkerSocket> _owned = new();

    public WorkerSocket Track(WorkerSocket socket)
    {
        _owned.Add(socket);
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _owned)
        {
            await socket.CloseAsync();
        }
    }
}

public static class Calls
{
    public static async Task ViaInterfaceAsync(IProtocol protocol, string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await protocol.HandshakeAsync(socket);
    }

    public static async Task ViaInterfaceClosedAsync(IProtocol protocol, string host)
    {
        await using var socket = Sockets.Connect(host, 5432);
        await protocol.HandshakeAsync(socket);
    }

    public static async Task ViaBaseFinishAsync(ProtocolBase protocol, string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await protocol.HandshakeAsync(socket);
        await protocol.FinishAsync(socket);
    }

    public static async Task TrackedAsync(string host)
    {
        await using var scope = new RequestScope();
        var socket = scope.Track(Sockets.Connect(host, 5432));
        await socket.Opened;
    }

    public static async Task TrackedLaterAsync(string host)
    {
        await using var scope = new RequestScope();
        var socket = Sockets.Connect(host, 5432);
        await socket.Opened;
        scope.Track(socket);
    }

    // Passes the socket down a recursive reader that never closes it.
    public static async Task<int> RecursiveReadAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        return await ReadFramesAsync(socket, 3);
    }

    private static async Task<int> ReadFramesAsync(WorkerSocket socket, int left)
    {
        if (left == 0)
        {
            return 0;
        }

        var read = await socket.Readable.ReadAsync();
        socket.Readable.AdvanceTo(read.Buffer.End);
        return 1 + await ReadFramesAsync(socket, left - 1);
    }

    // A recursive helper whose base case closes.
    public static async Task DrainAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await DrainFramesAsync(socket, 3);
    }

    private static async Task DrainFramesAsync(WorkerSocket socket, int left)
    {
        if (left == 0)
        {
            await socket.CloseAsync();
            return;
        }

        var read = await socket.Readable.ReadAsync();
        socket.Readable.AdvanceTo(read.Buffer.End);
        await DrainFramesAsync(socket, left - 1);
    }

    // Handed to a callback delegate: a borrow.
    public static async Task CallbackAsync(string host, Func<WorkerSocket, Task> onOpen)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await onOpen(socket);
    }

    // Kept in a local list that is closed at the end.
    public static async Task LocalListAsync(string[] hosts)
    {
        var opened = new List<WorkerSocket>();
        try
        {
            opened.Add(Sockets.Connect(hosts[0], 5432));
            opened.Add(Sockets.Connect(hosts[1], 5432));
            await Task.WhenAll(opened.ConvertAll(s => s.Opened));
        }
        finally
        {
            foreach (var socket in opened)
            {
                await socket.DisposeAsync();
            }
        }
    }
}
