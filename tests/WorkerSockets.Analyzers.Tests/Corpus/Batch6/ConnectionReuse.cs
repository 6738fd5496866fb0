// Batch 6: "connection reuse" attempts — people trying to keep a socket between requests, as they would in Node.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.ConnectionReuse;

public sealed class Env
{
    public string RedisAddress { get; init; } = "cache.internal:6379";
    public Hyperdrive Db { get; init; } = null!;
}

// "let socket; export default { fetch() { socket ??= connect(...) } }" translated literally.
public static class ModuleState
{
    private static WorkerSocket? s_socket;

    public static async Task<string> GetAsync(Env env)
    {
        s_socket ??= Sockets.Connect(env.RedisAddress); // expect: WSK003
        await s_socket.Writable.WriteAsync(new byte[] { 1 });
        return "ok";
    }
}

// A module-level connect: runs when the type is initialized, outside any request.
public static class EagerModule
{
    public static readonly WorkerSocket Cache = Sockets.Connect("cache.internal:6379"); // expect: WSK004

    public static readonly Lazy<WorkerSocket> LazyCache = new(() => Sockets.Connect("cache.internal:6379")); // expect: WSK003

    public static Func<WorkerSocket> Factory { get; } = () => Sockets.Connect("cache.internal:6379");
}

[Worker]
public sealed partial class CachingWorker
{
    private WorkerSocket? _db;
    private readonly Dictionary<string, WorkerSocket> _byHost = new();
    private readonly string _greeting = "hi";

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        _db ??= env.Db.Connect(); // expect: WSK003
        var host = request.RequestUri!.Host;
        if (!_byHost.TryGetValue(host, out var socket))
        {
            socket = Sockets.Connect(host, 6379);
            _byHost[host] = socket; // expect: WSK003
        }

        await socket.Opened;
        return new HttpResponseMessage { Content = new StringContent(_greeting) };
    }
}

[Worker]
public sealed partial class EagerWorker
{
    // A [Worker] field initializer: the one instance is made at start-up, outside any request.
    private readonly WorkerSocket _cache = Sockets.Connect("cache.internal:6379"); // expect: WSK003, WSK004

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        await _cache.Opened;
        return new HttpResponseMessage();
    }
}

// A pool keyed by host in a static ConcurrentDictionary.
public static class Pool
{
    private static readonly ConcurrentDictionary<string, WorkerSocket> s_pool = new();
    private static WorkerSocket? s_last;

    public static WorkerSocket Get(string host) => s_pool.GetOrAdd(host, h => Sockets.Connect(h, 5432)); // expect: WSK003

    public static void Remember(WorkerSocket socket) => Interlocked.Exchange(ref s_last, socket); // expect: WSK003

    public static async Task UseAsync(string host)
    {
        var socket = Get(host);
        await socket.Opened;
    }
}

// The right way: a per-request holder object, created in the handler, disposed at the end.
public sealed class RequestConnections : IAsyncDisposable
{
    private readonly List<WorkerSocket> _open = new();

    public WorkerSocket Open(string address)
    {
        var socket = Sockets.Connect(address);
        _open.Add(socket);
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _open)
        {
            await socket.CloseAsync();
        }
    }
}

public static class PerRequest
{
    public static async Task<string> HandleAsync(Env env)
    {
        await using var connections = new RequestConnections();
        var cache = connections.Open(env.RedisAddress);
        await cache.Opened;
        return "ok";
    }

    // A static event that a handler subscribes to, capturing its socket.
    public static event Action? Shutdown;

    public static async Task SubscribeAsync(Env env)
    {
        var socket = Sockets.Connect(env.RedisAddress);
        Shutdown += () => socket.CloseAsync(); // expect: WSK003, WSK002
        await socket.Opened;
    }

    // A static holder object reached through a chain.
    public static class Globals
    {
        public static Holder Current { get; } = new();
    }

    public sealed class Holder
    {
        public WorkerSocket? Socket { get; set; }
    }

    public static async Task StashAsync(Env env)
    {
        var socket = Sockets.Connect(env.RedisAddress);
        Globals.Current.Socket = socket; // expect: WSK003
        await socket.Opened;
    }

    // A holder object that is local to the request: fine.
    public static async Task LocalHolderAsync(Env env)
    {
        var holder = new Holder { Socket = Sockets.Connect(env.RedisAddress) };
        await holder.Socket.Opened;
        await holder.Socket.CloseAsync();
    }
}
