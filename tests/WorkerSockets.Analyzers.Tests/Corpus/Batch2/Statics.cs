// Batch 2: static state — direct, through wrapper objects, events, Lazy and Interlocked — and what is fine.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Statics;

public sealed class ConnectionHolder
{
    public WorkerSocket? Socket { get; set; }
    public List<WorkerSocket> Spares { get; } = new();
}

public static class Globals
{
    public static readonly ConnectionHolder Holder = new();
    public static ConnectionHolder Current { get; } = new();
    public static WorkerSocket? LastOpened;
    public static readonly ConcurrentDictionary<string, WorkerSocket> ByHost = new();
    public static Lazy<WorkerSocket>? Warm;
    public static event Action<string>? Changed;
    public static readonly string DefaultAddress = "db.internal:5432";
    public static readonly SocketOptions StartTlsOptions = new() { SecureTransport = SecureTransport.StartTls };

    public static void Raise(string what) => Changed?.Invoke(what);
}

public static class CacheAbuse
{
    public static async Task KeepInHolderAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await socket.Opened;
        Globals.Holder.Socket = socket; // expect: WSK003
    }

    public static void KeepInCurrentSpares(string host)
    {
        Globals.Current.Spares.Add(Sockets.Connect(host, 5432)); // expect: WSK003
    }

    public static void Remember(WorkerSocket socket)
    {
        Interlocked.Exchange(ref Globals.LastOpened, socket); // expect: WSK003
    }

    public static WorkerSocket ForHost(string host) =>
        Globals.ByHost.GetOrAdd(host, h => Sockets.Connect(h, 6379)); // expect: WSK003

    public static void WarmUp(string address)
    {
        Globals.Warm = new Lazy<WorkerSocket>(() => Sockets.Connect(address)); // expect: WSK003
    }

    public static async Task SubscribeAsync(string host)
    {
        var socket = Sockets.Connect(host, 7000);
        await socket.Opened;
        Globals.Changed += what => socket.Writable.WriteAsync(System.Text.Encoding.UTF8.GetBytes(what)); // expect: WSK003
    }

    public static void RememberIfEmpty(WorkerSocket socket)
    {
        Globals.LastOpened ??= socket; // expect: WSK003
    }
}

public static class FineStatics
{
    // Static configuration is fine; the socket stays local.
    public static async Task<string?> UseDefaultsAsync()
    {
        await using var socket = Sockets.Connect(Globals.DefaultAddress, Globals.StartTlsOptions);
        await using var tls = socket.StartTls();
        return (await tls.Opened).RemoteAddress;
    }

    // Reads a static socket without storing anything.
    public static bool HasWarm() => Globals.Warm is { IsValueCreated: true };

    // A local holder object created per call is request-scoped.
    public static async Task<ConnectionHolder> HolderAsync(string host)
    {
        var holder = new ConnectionHolder();
        holder.Socket = Sockets.Connect(host, 5432);
        await holder.Socket.Opened;
        return holder;
    }

    // A static method that merely passes a socket through.
    public static WorkerSocket Identity(WorkerSocket socket) => socket;

    // A local event handler, not a static one.
    public static async Task LocalHandlerAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 7000);
        Action<string> log = what => Console.WriteLine($"{what} on {socket.SecureTransport}");
        log("opened");
        await socket.Opened;
    }

    [ThreadStatic]
    private static int _depth;

    public static async Task<int> CountedAsync(string host)
    {
        _depth++;
        try
        {
            await using var socket = Sockets.Connect(host, 7000);
            return (await socket.Opened).RemoteAddress?.Length ?? 0;
        }
        finally
        {
            _depth--;
        }
    }
}

public static class GlobalInit
{
    public static readonly WorkerSocket Eager = Sockets.Connect("db.internal:5432"); // expect: WSK004
    public static readonly Func<WorkerSocket> Later = () => Sockets.Connect("db.internal:5432");
    public static WorkerSocket Fresh => Sockets.Connect("db.internal:5432");
    private static readonly Lazy<WorkerSocket> Deferred = new(() => Sockets.Connect("db.internal:5432")); // expect: WSK003

    static GlobalInit()
    {
        var probe = Sockets.Connect("db.internal", 5432); // expect: WSK004
        probe.CloseAsync().Wait(); // expect: WSK009
    }

    public static bool DeferredCreated => Deferred.IsValueCreated;
}
