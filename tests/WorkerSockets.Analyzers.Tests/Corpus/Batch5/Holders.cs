// Batch 5: records, record structs, tuples and deconstruction holding sockets.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Holders;

public readonly record struct Endpoint(string Host, int Port)
{
    public WorkerSocket Open() => Sockets.Connect(Host, Port);

    public override string ToString() => $"{Host}:{Port}";
}

public readonly struct Lease : IAsyncDisposable
{
    public Lease(WorkerSocket socket, DateTimeOffset until)
    {
        Socket = socket;
        Until = until;
    }

    public WorkerSocket Socket { get; }

    public DateTimeOffset Until { get; }

    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}

public sealed record ReplicaPair(WorkerSocket Primary, WorkerSocket Replica);

public static class Deconstruction
{
    public static async Task CompareAsync(string primary, string replica)
    {
        var (a, b) = (Sockets.Connect(primary, 5432), Sockets.Connect(replica, 5432));
        try
        {
            await Task.WhenAll(a.Opened, b.Opened).ConfigureAwait(false);
        }
        finally
        {
            await a.CloseAsync().ConfigureAwait(false);
            await b.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task CompareForgetsReplica(string primary, string replica)
    {
        var (a, b) = (Sockets.Connect(primary, 5432), Sockets.Connect(replica, 5432)); // expect: WSK007
        await Task.WhenAll(a.Opened, b.Opened).ConfigureAwait(false);
        await a.CloseAsync().ConfigureAwait(false);
    }

    public static async Task FromEndpoints(Endpoint left, Endpoint right)
    {
        var (l, r) = (left.Open(), right.Open());
        await using (l.ConfigureAwait(false))
        await using (r.ConfigureAwait(false))
        {
            await Task.WhenAll(l.Opened, r.Opened).ConfigureAwait(false);
        }
    }

    public static async Task FromEndpointLeaks(Endpoint endpoint)
    {
        var socket = endpoint.Open(); // expect: WSK007
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task<ReplicaPair> OpenPair(string primary, string replica)
    {
        var pair = new ReplicaPair(Sockets.Connect(primary, 5432), Sockets.Connect(replica, 5432));
        await Task.WhenAll(pair.Primary.Opened, pair.Replica.Opened).ConfigureAwait(false);
        return pair;
    }

    public static async Task UsePair(string primary, string replica)
    {
        var (p, r) = await OpenPair(primary, replica).ConfigureAwait(false);
        await p.CloseAsync().ConfigureAwait(false);
        await r.CloseAsync().ConfigureAwait(false);
    }

    public static async Task LeaseAsync(string host)
    {
        await using var lease = new Lease(Sockets.Connect(host, 6379), DateTimeOffset.UtcNow.AddSeconds(30));
        await lease.Socket.Opened.ConfigureAwait(false);
    }

    public static (WorkerSocket Socket, DateTimeOffset OpenedAt) Stamp(string host) => (Sockets.Connect(host, 6379), DateTimeOffset.UtcNow);

    public static async Task UseStamp(string host)
    {
        var (socket, openedAt) = Stamp(host);
        Console.WriteLine(openedAt);
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task KeepTupleWhole(string host, List<(WorkerSocket, string)> open)
    {
        var entry = (Sockets.Connect(host, 6379), host);
        open.Add(entry);
        await entry.Item1.Opened.ConfigureAwait(false);
    }

    public static async Task SwapAsync(string first, string second)
    {
        var x = Sockets.Connect(first, 7000);
        var y = Sockets.Connect(second, 7000);
        (x, y) = (y, x);
        await x.CloseAsync().ConfigureAwait(false);
        await y.CloseAsync().ConfigureAwait(false);
    }
}

public static class RecordCopies
{
    public sealed record Session(WorkerSocket Socket, string User)
    {
        public Task EndAsync() => Socket.CloseAsync();
    }

    public static async Task RenameAsync(string host)
    {
        var session = new Session(Sockets.Connect(host, 143), "alice");
        var renamed = session with { User = "bob" };
        await renamed.EndAsync().ConfigureAwait(false);
    }

    public static async Task<string> PatternOnRecord(Session session) =>
        session is { Socket.Upgraded: false, User: var user } ? user : await Task.FromResult("upgraded").ConfigureAwait(false);
}
