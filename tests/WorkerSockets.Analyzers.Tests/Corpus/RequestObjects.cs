// Objects created per request that hold sockets (fine), next to the shared state that must not (WSK003).
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.RequestObjects;

sealed class RequestSession : IAsyncDisposable
{
    private readonly List<WorkerSocket> sockets = new();
    private WorkerSocket? primary;

    public WorkerSocket Primary => primary ??= Open("primary.internal");

    public WorkerSocket Open(string host)
    {
        var s = Sockets.Connect(host, 5432);
        sockets.Add(s);
        return s;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in sockets)
        {
            await s.CloseAsync();
        }
    }
}

static class Registry
{
    public static readonly ConcurrentDictionary<string, WorkerSocket> Open = new();
    public static readonly Queue<WorkerSocket> Idle = new();
    public static WorkerSocket? Current { get; set; }
    public static event Action? Flushed;
    [ThreadStatic] public static WorkerSocket? PerThread;

    public static void RaiseFlushed() => Flushed?.Invoke();
}

[Worker]
sealed partial class GatewayWorker
{
    private readonly Queue<WorkerSocket> spare = new();
    private WorkerSocket? backend;
    private readonly RequestCounter counter = new();

    public async Task Handle(string host, WorkerContext ctx)
    {
        await using var session = new RequestSession();
        var s = session.Open(host);
        await s.Opened;

        var cached = Sockets.Connect(host, 6379);
        Registry.Open[host] = cached; // expect: WSK003

        backend ??= Sockets.Connect(host, 5432); // expect: WSK003
        spare.Enqueue(Sockets.Connect(host, 5433)); // expect: WSK003
        Registry.Current = s; // expect: WSK003
        Registry.PerThread = s; // expect: WSK003
        Registry.Flushed += () => s.Writable.CancelPendingFlush(); // expect: WSK003
        counter.Increment();
    }

    public async Task Background(string host, WorkerContext ctx)
    {
        var s = Sockets.Connect(host, 5432);
        _ = Task.Run(async () => await s.Writable.FlushAsync()); // expect: WSK003
        ThreadPool.QueueUserWorkItem(_ => s.Writable.CancelPendingFlush()); // expect: WSK003
        await s.CloseAsync();
    }

    public async Task AwaitedWork(string host, WorkerContext ctx)
    {
        var s = Sockets.Connect(host, 5432);
        var pump = Task.Run(async () => await s.Writable.FlushAsync());
        await Task.WhenAll(pump, Task.Run(() => s.Opened));
        ctx.WaitUntil(Task.Run(async () => await s.CloseAsync()));
    }

    public async Task TimerLeak(string host)
    {
        await using var s = Sockets.Connect(host, 5432);
        using var timer = new Timer(_ => s.Writable.CancelPendingFlush(), null, 0, 1000); // expect: WSK003
        await s.Opened;
    }
}

sealed class RequestCounter
{
    private int count;

    public void Increment() => Interlocked.Increment(ref count);
}

sealed class PerRequestCache
{
    private readonly Dictionary<string, WorkerSocket> byHost = new();

    public WorkerSocket Get(string host)
    {
        if (!byHost.TryGetValue(host, out var s))
        {
            s = Sockets.Connect(host, 5432);
            byHost[host] = s;
        }

        return s;
    }
}
