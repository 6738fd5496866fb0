// Batch 6: helpers that take the socket as a parameter — some borrow it, some take it over; callers of both.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WorkerSockets;

namespace Corpus.Batch6.Borrowing;

internal static class Helpers
{
    public static async Task WriteLineAsync(this WorkerSocket socket, string line) =>
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public static void Trace(WorkerSocket socket, ILogger logger) => logger.LogDebug("socket {Socket}", socket);

    // Stores the parameter in a request-scoped session object it returns: takes ownership.
    public static Session Adopt(WorkerSocket socket) => new(socket);

    // Hands it to a local it then closes.
    public static async Task DrainAndCloseAsync(WorkerSocket socket)
    {
        var local = socket;
        var read = await local.Readable.ReadAsync();
        local.Readable.AdvanceTo(read.Buffer.End);
        await local.DisposeAsync();
    }

    // Passes it on to a callee that takes ownership.
    public static Task ForwardCloseAsync(WorkerSocket socket) => DrainAndCloseAsync(socket);

    // Marked by attribute: the body puts it in a pool object the analyzer cannot see into.
    public static void Return([TakesOwnership] WorkerSocket socket, SocketBag bag) => bag.Put(socket);

    // Reads Opened and returns a bool: a borrow.
    public static async Task<bool> IsOpenAsync(WorkerSocket socket)
    {
        try
        {
            await socket.Opened;
            return !socket.Closed.IsCompleted;
        }
        catch (Exception)
        {
            return false;
        }
    }
}

public sealed class SocketBag
{
    private readonly List<WorkerSocket> _items = new();

    public void Put(WorkerSocket socket) => _items.Add(socket);

    public async Task CloseAllAsync()
    {
        foreach (var item in _items)
        {
            await item.CloseAsync();
        }
    }
}

public sealed class Session : IAsyncDisposable
{
    public Session(WorkerSocket socket) => Socket = socket;

    public WorkerSocket Socket { get; }

    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}

public static class Callers
{
    public static async Task ExtensionOnlyAsync(string address)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        await socket.WriteLineAsync("PING");
    }

    public static async Task TracedAsync(string address, ILogger logger)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        Helpers.Trace(socket, logger);
        await socket.WriteLineAsync("PING");
    }

    public static async Task TracedAndClosedAsync(string address, ILogger logger)
    {
        var socket = Sockets.Connect(address);
        Helpers.Trace(socket, logger);
        await socket.WriteLineAsync("PING");
        await Helpers.ForwardCloseAsync(socket);
    }

    public static async Task AdoptedAsync(string address)
    {
        var socket = Sockets.Connect(address);
        await using var session = Helpers.Adopt(socket);
        await session.Socket.WriteLineAsync("PING");
    }

    public static async Task PooledAsync(string address, SocketBag bag)
    {
        var socket = Sockets.Connect(address);
        await socket.WriteLineAsync("PING");
        Helpers.Return(socket, bag);
    }

    // Checked by a borrowing helper and then forgotten on the unhealthy path.
    public static async Task<bool> CheckThenUseAsync(string address)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        if (!await Helpers.IsOpenAsync(socket))
        {
            return false;
        }

        await Helpers.DrainAndCloseAsync(socket);
        return true;
    }

    // A delegate parameter: the call through it borrows.
    public static async Task ThroughDelegateAsync(string address, Func<WorkerSocket, Task> handler)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        await handler(socket);
    }

    public static async Task ThroughDelegateClosedAsync(string address, Func<WorkerSocket, Task> handler)
    {
        var socket = Sockets.Connect(address);
        try
        {
            await handler(socket);
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    // Logging the socket with a message template: a borrow.
    public static async Task LoggedAsync(string address, ILogger logger)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        logger.LogInformation("opened {Socket} to {Address}", socket, address);
        await socket.Opened;
    }

    // A local copy closed instead of the original.
    public static async Task AliasClosedAsync(string address)
    {
        var socket = Sockets.Connect(address);
        var alias = socket;
        await alias.WriteLineAsync("PING");
        await alias.CloseAsync();
    }

    // An instance method on a per-request object that stores the socket.
    public static async Task BagAsync(string address)
    {
        var bag = new SocketBag();
        var socket = Sockets.Connect(address);
        bag.Put(socket);
        await socket.WriteLineAsync("PING");
        await bag.CloseAllAsync();
    }
}
