// Workers and shared state: what one request stores where another can reach it.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Shared;

static class Cache
{
    public static WorkerSocket? Last;
    public static readonly ConcurrentDictionary<string, WorkerSocket> ByHost = new();
    public static readonly Lazy<WorkerSocket> Db = new(() => Sockets.Connect("db.internal:5432")); // expect: WSK003
    public static readonly WorkerSocket Eager = Sockets.Connect("db.internal:5432"); // expect: WSK004
    public static Action? OnShutdown;
}

abstract class WorkerBase
{
    protected WorkerSocket? current;
}

[Worker]
partial class ApiWorker : WorkerBase
{
    private readonly WorkerSocket pinned = Sockets.Connect("db.internal:5432"); // expect: WSK003, WSK004
    private readonly List<WorkerSocket> open = new();
    private readonly Func<WorkerSocket> factory = () => Sockets.Connect("db.internal:5432");

    public async Task Handle(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 5432);
        current = s; // expect: WSK003
        open.Add(Sockets.Connect(host, 5433)); // expect: WSK003
        Cache.Last = factory(); // expect: WSK003
        _ = Cache.ByHost.GetOrAdd(host, h => Sockets.Connect(h, 5432)); // expect: WSK003
        Interlocked.Exchange(ref Cache.Last, s); // expect: WSK003
        Cache.OnShutdown += () => s.Writable.Complete(); // expect: WSK003
        await Task.Yield();
    }

    public async Task Fine(WorkerContext ctx, string host)
    {
        var perRequest = new Dictionary<string, WorkerSocket>();
        var s = Sockets.Connect(host, 5432);
        perRequest[host] = s;
        await using var other = factory();
        await s.CloseAsync();
    }
}

sealed class Session
{
    private WorkerSocket? socket;

    public void Attach(WorkerSocket s) => socket = s;

    public Task CloseAsync() => socket?.CloseAsync() ?? Task.CompletedTask;
}

static class Startup
{
    static Startup()
    {
        var s = Sockets.Connect("db.internal:5432"); // expect: WSK004, WSK007
        GC.KeepAlive(s);
    }

    [ModuleInitializer]
    internal static void Init()
    {
        Cache.Last = Sockets.Connect("db.internal:5432"); // expect: WSK004, WSK003
    }
}
