// Batch 5: pattern matching, null-conditional chains, out/ref parameters.
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Patterns;

public static class PatternHandlers
{
    public static async Task CloseIfLive(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        if (socket is WorkerSocket { Upgraded: false } live)
        {
            await live.CloseAsync().ConfigureAwait(false);
        }
        else
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task CloseOnlyThePatternCopy(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        if (socket is { SecureTransport: SecureTransport.Off } plain)
        {
            await plain.Writable.WriteAsync(new byte[] { 0 }).ConfigureAwait(false);
            await plain.CloseAsync().ConfigureAwait(false);
            return;
        }

        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task PatternCopyLeaks(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        if (socket is WorkerSocket { Upgraded: false } live)
        {
            await live.Opened.ConfigureAwait(false);
        }
    }

    public static async Task FromObject(object? state)
    {
        if (state is WorkerSocket { Closed.IsCompleted: false } socket)
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task<string?> NullConditional(WorkerSocket? maybe)
    {
        var address = (await (maybe?.Opened ?? Task.FromResult(new SocketInfo(null, null))).ConfigureAwait(false)).RemoteAddress;
        maybe?.CloseAsync(); // expect: WSK002
        return address;
    }

    public static async Task NullConditionalAwaited(WorkerSocket? maybe)
    {
        await (maybe?.CloseAsync() ?? Task.CompletedTask).ConfigureAwait(false);
    }

    public static async Task OptionalReplica(string primary, string? replica)
    {
        await using var main = Sockets.Connect(primary, 5432);
        WorkerSocket? second = replica is null ? null : Sockets.Connect(replica, 5432);
        await main.Opened.ConfigureAwait(false);
        if (second is not { } open)
        {
            return;
        }

        await open.Opened.ConfigureAwait(false);
        await open.CloseAsync().ConfigureAwait(false);
    }

    public static async Task OptionalReplicaLeaks(string primary, string? replica)
    {
        await using var main = Sockets.Connect(primary, 5432);
        WorkerSocket? second = replica is null ? null : Sockets.Connect(replica, 5432); // expect: WSK007
        await main.Opened.ConfigureAwait(false);
        if (second is null)
        {
            return;
        }

        await second.Opened.ConfigureAwait(false);
    }
}

public sealed class SocketTable
{
    private readonly Dictionary<string, WorkerSocket> byName = new();

    public bool TryGet(string name, [NotNullWhen(true)] out WorkerSocket? socket) => byName.TryGetValue(name, out socket);

    public bool TryOpen(string name, string host, out WorkerSocket socket)
    {
        socket = Sockets.Connect(host, 6379);
        byName[name] = socket;
        return true;
    }

    public static void OpenInto(string host, out WorkerSocket socket) => socket = Sockets.Connect(host, 6379);

    public static void Replace(ref WorkerSocket current, string host)
    {
        var previous = current;
        current = Sockets.Connect(host, 6379);
        previous.CloseAsync(); // expect: WSK002
    }
}

public static class OutCallers
{
    public static async Task UseOut(string host)
    {
        SocketTable.OpenInto(host, out var socket);
        await socket.Opened.ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task UseTable(SocketTable table, string name)
    {
        if (table.TryGet(name, out var socket) && socket is { Upgraded: false })
        {
            await socket.Writable.WriteAsync(new byte[] { 1 }).ConfigureAwait(false);
        }
    }

    public static async Task UseRef(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        SocketTable.Replace(ref socket, host + ".replica");
        await socket.CloseAsync().ConfigureAwait(false);
    }
}
