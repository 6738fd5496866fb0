// Batch 8: sockets that outlive the request (docs/rules/WSK003.md) and connects in global scope (WSK004.md), copied
// from the pages' examples and varied. Written from the rule pages alone.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Escapes;

public static class Cache
{
    public static WorkerSocket? Last;
    public static readonly List<WorkerSocket> Sockets = new();
    public static readonly ConcurrentDictionary<string, WorkerSocket> ByHost = new();
    public static Lazy<WorkerSocket>? Lazy;
}

public sealed class Connection
{
    public WorkerSocket? Socket { get; set; }
}

public sealed class Stashers
{
    private static WorkerSocket? cached;

    public static int Parse(WorkerSocket s) => s.Upgraded ? 1 : 0;

    public async Task Stash(string host)
    {
        var conn = Sockets.Connect(host, 5432);
        await conn.Opened;
        cached = conn; // expect: WSK003
    }

    public void StashIfMissing(string host)
    {
        cached ??= Sockets.Connect(host, 5432); // expect: WSK003
    }

    public void Collect(WorkerSocket conn) => Cache.Sockets.Add(conn); // expect: WSK003

    public void Background(WorkerSocket conn)
    {
        _ = Task.Run(async () => await conn.CloseAsync()); // expect: WSK003
    }

    public void Fill(string host)
    {
        _ = Cache.ByHost.GetOrAdd(host, h => Sockets.Connect(h, 5432)); // expect: WSK003
    }

    public void Swap(WorkerSocket conn)
    {
        var previous = Interlocked.Exchange(ref Cache.Last, conn); // expect: WSK003
        Console.WriteLine(previous is null);
    }

    public void Lazily(string host)
    {
        Cache.Lazy = new Lazy<WorkerSocket>(() => Sockets.Connect(host, 5432)); // expect: WSK003
    }

    public void Queue(WorkerSocket conn)
    {
        ThreadPool.QueueUserWorkItem(_ => Parse(conn)); // expect: WSK003
    }

    // Quiet: request-scoped objects, awaited or WaitUntil'd work, returned tasks and sockets.
    public async Task<int> Local(string host)
    {
        await using var conn = Sockets.Connect(host, 5432);
        var holder = new Connection { Socket = conn };
        await conn.Opened;
        return holder.Socket is null ? 0 : 1;
    }

    public void AfterResponse(WorkerSocket conn, WorkerContext ctx) => ctx.WaitUntil(Task.Run(async () => await conn.CloseAsync()));

    public async Task<int> AwaitedParse(WorkerSocket conn) => await Task.Run(() => Parse(conn)).ConfigureAwait(false);

    public Task<int> ParseAsync(WorkerSocket conn) => Task.Run(() => Parse(conn));

    public WorkerSocket Open(string host) => Sockets.Connect(host, 5432);

    public async Task<int> AwaitedLater(WorkerSocket conn)
    {
        var work = Task.Run(() => Parse(conn));
        Console.WriteLine("waiting");
        return await work;
    }
}

[Worker]
public sealed partial class ReportWorker
{
    private WorkerSocket? last;

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, WorkerContext ctx)
    {
        var conn = Sockets.Connect("reports.internal:5432");
        await conn.Opened;
        last = conn; // expect: WSK003
        return new HttpResponseMessage();
    }
}

// WSK003's page: "A static field *initializer* that connects is WSK004's, not this rule's", so only WSK004 here.
// Ambiguity: `_ = Sockets.Connect(...)` in the static constructor also drops the socket, which WSK007's page calls a
// leak; WSK004's page annotated only WSK004 on it. Both rules report it (as earlier batches expect), and WSK004's page
// now says so.
public static class Database
{
    public static readonly WorkerSocket Socket = Sockets.Connect("db.example.com:5432"); // expect: WSK004
    public static WorkerSocket Other { get; } = Sockets.Connect("db.example.com", 5432); // expect: WSK004

    static Database()
    {
        _ = Sockets.Connect("db.example.com:5432"); // expect: WSK004, WSK007
    }

    // Quiet: these run when called, inside whatever request calls them.
    public static WorkerSocket Open() => Sockets.Connect("db.example.com:5432");
    public static readonly Func<WorkerSocket> Factory = () => Sockets.Connect("db.example.com:5432");
    public static WorkerSocket Current => Sockets.Connect("db.example.com:5432");
    public static WorkerSocket Fresh => Open();
}

public static class Startup
{
    public static readonly WorkerSocket Primary = Database.Open(); // expect: WSK004

    [ModuleInitializer]
    internal static void Init()
    {
        _ = Sockets.Connect("db.example.com:5432"); // expect: WSK004, WSK007
    }
}

public sealed class PlainHolder
{
    // Not a [Worker] class: an instance initializer runs when the handler creates it (WSK004's "does not fire").
    private readonly WorkerSocket socket = Sockets.Connect("db.example.com:5432");

    public Task CloseAsync() => socket.CloseAsync();
}
