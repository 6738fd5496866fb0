// Work and storage that outlive the request (WSK003), next to work that ends inside it.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Escapes;

static class Global
{
    public static WorkerSocket? Last;
    public static readonly ConcurrentBag<WorkerSocket> All = new();
    public static Func<Task>? Flush;
}

sealed class Handler
{
    private WorkerSocket? mine;
    private Func<Task>? onDone;

    public async Task Remember(string host)
    {
        var s = Sockets.Connect(host, 5432);
        mine = s;
        onDone = () => s.CloseAsync();
        Interlocked.Exchange(ref mine, s);
        await s.Opened;
    }

    public async Task Leak(string host)
    {
        var s = Sockets.Connect(host, 5432);
        Global.All.Add(s); // expect: WSK003
        Interlocked.CompareExchange(ref Global.Last, s, null); // expect: WSK003
        Global.Flush = () => s.Writable.FlushAsync().AsTask(); // expect: WSK003
        await s.Opened;
    }

    public async Task FireAndForget(string host)
    {
        var s = Sockets.Connect(host, 5432);
        _ = Task.Factory.StartNew(() => s.Writable.CancelPendingFlush(), TaskCreationOptions.LongRunning); // expect: WSK003
        new Thread(() => s.Writable.CancelPendingFlush()).Start(); // expect: WSK003
        await s.CloseAsync();
    }

    public async Task AwaitedVariants(string host, CancellationToken ct)
    {
        var s = Sockets.Connect(host, 5432);
        await Task.Run(() => s.Writable.CancelPendingFlush(), ct).ConfigureAwait(false);
        var first = Task.Run(async () => await s.Opened);
        var second = Task.Run(async () => await s.Writable.FlushAsync());
        await Task.WhenAny(first, second);
        await Task.WhenAll(first, second);
        await s.CloseAsync();
    }

    public async Task AwaitedThroughList(string host)
    {
        var s = Sockets.Connect(host, 5432);
        var work = new List<Task>
        {
            Task.Run(async () => await s.Opened),
        };
        work.Add(Task.Run(() => s.Writable.CancelPendingFlush()));
        await Task.WhenAll(work);
        await s.CloseAsync();
    }
}

[Worker]
sealed partial class MeterWorker
{
    private readonly Dictionary<string, WorkerSocket> byTenant = new();
    private WorkerSocket? Current { get; set; }
    private static WorkerSocket? shared;

    public async Task Fetch(string tenant, WorkerContext ctx)
    {
        var s = Sockets.Connect(tenant + ".db.internal", 5432);
        byTenant[tenant] = s; // expect: WSK003
        Current = s; // expect: WSK003
        shared ??= Sockets.Connect("shared.internal", 5432); // expect: WSK003
        var local = new Dictionary<string, WorkerSocket> { [tenant] = s };
        ctx.WaitUntil(Task.Run(async () => await s.CloseAsync()));
        await Task.Yield();
        GC.KeepAlive(local);
    }

    public static void Remember(WorkerSocket s) => shared = s; // expect: WSK003
}
