// Batch 7 (root causes 5 and 8): work that ends inside the request versus work and state that outlive it.
// Written from docs/rules/WSK003.md and WSK004.md alone.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.Background;

public static class Parsing
{
    public static int Parse(WorkerSocket socket) => socket.SecureTransport == SecureTransport.Off ? 0 : 1;

    public static async Task<int> ReadAsync(WorkerSocket socket) => (int)(await socket.Readable.ReadAsync()).Buffer.Length;
}

public static class Shared
{
    public static Lazy<WorkerSocket>? Cached;
    public static readonly ConcurrentDictionary<string, WorkerSocket> ByHost = new();
    public static WorkerSocket? Last;
    public static event Action? Draining;
    public static Func<Task>? OnShutdown;

    public static void Drain() => Draining?.Invoke();
}

public sealed class Jobs
{
    public async Task<int> AwaitedRun(string host)
    {
        await using var socket = Sockets.Connect(host, 5432);
        return await Task.Run(() => Parsing.Parse(socket));
    }

    public async Task<int> AwaitedRunConfigured(string host)
    {
        await using var socket = Sockets.Connect(host, 5432);
        return await Task.Run(() => Parsing.ReadAsync(socket)).ConfigureAwait(false);
    }

    public async Task<int> AwaitedStartNewUnwrap(string host)
    {
        await using var socket = Sockets.Connect(host, 5432);
        return await Task.Factory.StartNew(() => Parsing.ReadAsync(socket), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default).Unwrap();
    }

    public async Task AwaitedWhenAll(string host)
    {
        await using var a = Sockets.Connect(host, 5432);
        await using var b = Sockets.Connect(host, 5433);
        await Task.WhenAll(Task.Run(() => Parsing.ReadAsync(a)), Task.Run(() => Parsing.ReadAsync(b)));
    }

    public async Task AwaitedWhenAny(string host)
    {
        await using var socket = Sockets.Connect(host, 5432);
        var read = Task.Run(async () => await Parsing.ReadAsync(socket));
        await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5)));
    }

    public async Task AwaitedLater(string host)
    {
        await using var socket = Sockets.Connect(host, 5432);
        var parse = Task.Run(() => Parsing.Parse(socket));
        Console.WriteLine("parsing");
        Console.WriteLine(await parse);
    }

    public async Task AwaitedListOfWork(IEnumerable<string> hosts)
    {
        var work = new List<Task>();
        var sockets = new List<WorkerSocket>();
        foreach (var host in hosts)
        {
            var socket = Sockets.Connect(host, 5432); // expect: WSK008
            sockets.Add(socket);
            work.Add(Task.Run(() => Parsing.ReadAsync(socket)));
        }

        await Task.WhenAll(work);
        foreach (var socket in sockets)
        {
            await socket.CloseAsync();
        }
    }

    public void Untracked(WorkerSocket socket) => _ = Task.Run(() => Parsing.Parse(socket)); // expect: WSK003

    public void StartNewDropped(WorkerSocket socket)
    {
        Task.Factory.StartNew(() => Parsing.Parse(socket)); // expect: WSK003
    }

    public void QueuedOnPool(WorkerSocket socket)
    {
        ThreadPool.QueueUserWorkItem(_ => Parsing.Parse(socket)); // expect: WSK003
    }

    public async Task<int> StartedButNeverAwaited(WorkerSocket socket)
    {
        var later = Task.Run(() => Parsing.ReadAsync(socket)); // expect: WSK003
        await socket.Opened;
        return later.Id;
    }

    public void HandedToWaitUntil(WorkerContext ctx, WorkerSocket socket) => ctx.WaitUntil(Task.Run(() => Parsing.ReadAsync(socket)));
}

public static class Escapes
{
    public static void LazyInStatic(string host)
    {
        Shared.Cached = new Lazy<WorkerSocket>(() => Sockets.Connect(host, 5432)); // expect: WSK003
    }

    public static WorkerSocket GetOrAddOnStatic(string host) => Shared.ByHost.GetOrAdd(host, h => Sockets.Connect(h, 5432)); // expect: WSK003

    public static void ExchangeIntoStatic(WorkerSocket socket)
    {
        var old = Interlocked.Exchange(ref Shared.Last, socket); // expect: WSK003
        _ = old;
    }

    public static void StaticEventCapture(WorkerSocket socket)
    {
        Shared.Draining += () => Console.WriteLine(socket.Upgraded); // expect: WSK003
    }

    public static void StaticDelegateCapture(WorkerSocket socket)
    {
        Shared.OnShutdown = () => socket.CloseAsync(); // expect: WSK003
    }

    public static async Task<WorkerSocket> ReturnsDisposed(string host)
    {
        await using var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await socket.Opened;
        return socket;
    }

    public static async Task<WorkerSocket> ReturnsDisposedFromBlock(string host)
    {
        await using (var socket = Sockets.Connect(host, 5432)) // expect: WSK007
        {
            await socket.Opened;
            return socket;
        }
    }

    public static async Task<WorkerSocket> ReturnsOpen(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await socket.Opened;
        return socket;
    }

    public static Lazy<WorkerSocket> LocalLazy(string host) => new(() => Sockets.Connect(host, 5432));
}

public abstract class WorkerBase
{
    protected WorkerSocket? Connection;
    protected static readonly SocketOptions Plain = new();
}

[Worker]
public sealed partial class CatalogWorker : WorkerBase
{
    private readonly WorkerSocket _eager = Sockets.Connect("catalog.internal", 5432); // expect: WSK004, WSK003
    private WorkerSocket Replica { get; } = Sockets.Connect("replica.internal:5432"); // expect: WSK004, WSK003
    private readonly Func<WorkerSocket> _factory = () => Sockets.Connect("catalog.internal", 5432);

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, CatalogEnv env, WorkerContext ctx)
    {
        Connection ??= Sockets.Connect("catalog.internal", 5432, Plain); // expect: WSK003
        await Connection.Opened;
        await using var fresh = _factory();
        await fresh.Opened;
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
    }

    public async Task Warm(string host)
    {
        base.Connection = Sockets.Connect(host, 5432); // expect: WSK003
        await base.Connection.Opened;
    }

    public Task Close() => Task.WhenAll(_eager.CloseAsync(), Replica.CloseAsync());
}

public sealed class CatalogEnv
{
    public string Address { get; init; } = "catalog.internal:5432";
}
