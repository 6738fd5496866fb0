// Batch 7 probes, second round (written after reading the analyzers), annotated by the rule pages: generic helpers in
// source, objects built over a parameter, sequential try/finally probes, blocking forms, port forms, global scope.
using System;
using System.Collections.Generic;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.Probes2;

public sealed class Connection
{
    public WorkerSocket? Socket { get; init; }
}

public sealed class Registry
{
    private readonly List<WorkerSocket> _open = new();

    public void Track(WorkerSocket socket) => _open.Add(socket);

    public async Task CloseAllAsync()
    {
        foreach (var socket in _open)
        {
            await socket.CloseAsync();
        }
    }
}

public static class Generic
{
    public static Task TraceAsync<T>(T value)
    {
        Console.WriteLine(value);
        return Task.CompletedTask;
    }

    public static async Task DisposeAsync<T>(T value)
        where T : IAsyncDisposable => await value.DisposeAsync();

    public static Connection Wrap(WorkerSocket socket) => new() { Socket = socket };
}

public sealed class Callers
{
    public async Task GenericSourceHelperBorrows(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await Generic.TraceAsync(socket);
    }

    public async Task GenericSourceHelperDisposes(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await Generic.DisposeAsync(socket);
    }

    public Connection InitializerWrap(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        return Generic.Wrap(socket);
    }

    public async Task TrackedByRegistry(Registry registry, string host)
    {
        var socket = Sockets.Connect(host, 5432);
        registry.Track(socket);
        await registry.CloseAllAsync();
    }

    public async Task SevenTryFinallyProbes(string host)
    {
        for (var round = 0; round < 1; round++)
        {
            Console.WriteLine(round);
        }

        var a = Sockets.Connect(host, 7001);
        try { await a.Opened; } finally { await a.CloseAsync(); }
        var b = Sockets.Connect(host, 7002);
        try { await b.Opened; } finally { await b.CloseAsync(); }
        var c = Sockets.Connect(host, 7003);
        try { await c.Opened; } finally { await c.CloseAsync(); }
        var d = Sockets.Connect(host, 7004);
        try { await d.Opened; } finally { await d.CloseAsync(); }
        var e = Sockets.Connect(host, 7005);
        try { await e.Opened; } finally { await e.CloseAsync(); }
        var f = Sockets.Connect(host, 7006);
        try { await f.Opened; } finally { await f.CloseAsync(); }
        var g = Sockets.Connect(host, 7007);
        try { await g.Opened; } finally { await g.CloseAsync(); }
    }

    public async Task SwitchSectionsCloseThemselves(int route, string host)
    {
        switch (route)
        {
            case 1: var s1 = Sockets.Connect(host, 7001); await s1.CloseAsync(); break;
            case 2: var s2 = Sockets.Connect(host, 7002); await s2.CloseAsync(); break;
            case 3: var s3 = Sockets.Connect(host, 7003); await s3.CloseAsync(); break;
            case 4: var s4 = Sockets.Connect(host, 7004); await s4.CloseAsync(); break;
            case 5: var s5 = Sockets.Connect(host, 7005); await s5.CloseAsync(); break;
            case 6: var s6 = Sockets.Connect(host, 7006); await s6.CloseAsync(); break;
            default: var s7 = Sockets.Connect(host, 7007); await s7.CloseAsync(); break;
        }
    }

    public void BlockOnBoth(WorkerSocket a, WorkerSocket b)
    {
        Task.WaitAll(a.CloseAsync(), b.CloseAsync()); // expect: WSK009
    }

    public bool BlockWithTimeout(WorkerSocket socket) => socket.Opened.Wait(TimeSpan.FromSeconds(1)); // expect: WSK009

    public void BlockOnLocal(WorkerSocket socket)
    {
        var closing = socket.CloseAsync();
        closing.Wait(); // expect: WSK009
    }

    public async Task DroppedConfigured(WorkerSocket socket)
    {
        socket.CloseAsync().ConfigureAwait(false); // expect: WSK002
        await socket.Closed;
    }

    public async Task EndpointPort25()
    {
        await using var s = Sockets.Connect(new IPEndPoint(IPAddress.Loopback, 25)); // expect: WSK001
        await s.Opened;
    }

    public async Task NamedPort443(string host)
    {
        await using var s = Sockets.Connect(hostname: host, port: 443); // expect: WSK010
        await s.Opened;
    }

    public async Task UsedAfterUpgradeInFinally(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        try
        {
            await using var tls = socket.StartTls();
            await tls.Opened;
        }
        finally
        {
            await socket.CloseAsync(); // expect: WSK006
        }
    }

    public async Task StreamAfterUpgrade(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        await socket.Stream.FlushAsync(); // expect: WSK006
    }
}

public static class Startup
{
    public static WorkerSocket? Db;

    static Startup()
    {
        Db = Sockets.Connect("db.internal", 5432); // expect: WSK004, WSK003
    }

    [ModuleInitializer]
    internal static void Warm() => _ = Sockets.Connect("cache.internal", 6379); // expect: WSK004, WSK007
}
