// Batch 6: shapes each rule page names in passing, written as a second round before reading the analyzers.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.PageCorners;

public sealed class Env
{
    public Hyperdrive Db { get; init; } = null!;
}

public static class Ports
{
    public const string MailHost = "mail.example.com";
    public const string RelayAddress = MailHost + ":25";
}

public static class PortForms
{
    public static async Task NamedArgumentsAsync(string host)
    {
        await using var socket = Sockets.Connect(port: 25, hostname: host); // expect: WSK001
        await socket.Opened;
    }

    public static async Task ConstConcatenationAsync()
    {
        await using var socket = Sockets.Connect(Ports.RelayAddress); // expect: WSK001
        await socket.Opened;
    }

    public static async Task IncrementedPortAsync(string host)
    {
        var port = 24;
        port++;                                           // assigned again: not a constant any more
        await using var socket = Sockets.Connect(host, port);
        await socket.Opened;
    }

    public static async Task Ipv6LiteralAsync()
    {
        await using var socket = Sockets.Connect("[2001:db8::1]:443"); // expect: WSK010
        await socket.Opened;
    }

    public static async Task EndpointNamedPortAsync(string host)
    {
        await using var socket = Sockets.Connect(new DnsEndPoint(host, port: 80)); // expect: WSK010
        await socket.Opened;
    }
}

public static class CloseForms
{
    // An async lambda whose expression body drops the close (the compiler only warns).
    public static Func<Task> Closer(WorkerSocket socket) => async () => socket.CloseAsync(); // expect: WSK002

    // A lambda that returns the close task: observed by whoever calls it.
    public static Func<Task> ReturningCloser(WorkerSocket socket) => () => socket.CloseAsync();

    public static async Task ValueTaskStoredAsync(WorkerSocket socket)
    {
        var disposing = socket.DisposeAsync();
        await Task.Yield();
        await disposing;
    }

    public static void UnwrappedChain(WorkerSocket socket) =>
        socket.CloseAsync().ContinueWith(async _ => await Task.Yield(), TaskScheduler.Default).Unwrap(); // expect: WSK002

    public static Task AwaitedRun(WorkerSocket socket) => Task.Run(() => socket.CloseAsync());
}

public abstract class WorkerBase
{
    protected WorkerSocket? Last;
    protected static readonly ConcurrentQueue<WorkerSocket> Spare = new();
}

[Worker]
public sealed partial class InheritingWorker : WorkerBase
{
    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        var socket = env.Db.Connect();
        Last = socket; // expect: WSK003
        await socket.Opened;
        var spare = Sockets.Connect("db.internal:5432");
        Spare.Enqueue(spare); // expect: WSK003
        return new HttpResponseMessage();
    }
}

public static class Background
{
    public static void QueueWork(WorkerSocket socket) =>
        ThreadPool.QueueUserWorkItem(_ => socket.Readable.CancelPendingRead()); // expect: WSK003

    public static void StartThread(WorkerSocket socket)
    {
        var thread = new Thread(() => socket.Writable.CancelPendingFlush()); // expect: WSK003
        thread.Start();
    }

    public static async Task GatheredAsync(WorkerSocket a, WorkerSocket b)
    {
        var work = new List<Task> { Task.Run(() => a.Readable.CancelPendingRead()), Task.Run(() => b.Readable.CancelPendingRead()) };
        await Task.WhenAll(work);
    }

    public static Task FactoryStartNewAsync(WorkerSocket socket)
    {
        _ = Task.Factory.StartNew(() => socket.Readable.CancelPendingRead()); // expect: WSK003
        return Task.CompletedTask;
    }
}

public static class GlobalScope
{
    private static readonly Hyperdrive s_db = new("postgres://user:pw@db.internal:5432/app");

    public static readonly WorkerSocket Eager = s_db.Connect(); // expect: WSK004

    static GlobalScope()
    {
        Warm = Sockets.Connect("cache.internal:6379"); // expect: WSK004, WSK003
    }

    public static WorkerSocket Warm { get; }

    [ModuleInitializer]
    internal static void Init()
    {
        _ = Sockets.Connect("cache.internal:6380"); // expect: WSK004, WSK007
    }
}

public static class PatternForms
{
    public static async Task NegatedPatternAsync(object? maybe)
    {
        if (maybe is not WorkerSocket socket)
        {
            return;
        }

        await socket.Opened;
    }

    public static async Task DeconstructedAsync(string a, string b)
    {
        var (first, second) = (Sockets.Connect(a), Sockets.Connect(b)); // expect: WSK007
        await first.CloseAsync();
        await second.Opened;
    }

    public static async Task SwallowingCatchAsync(string address)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        try
        {
            await socket.Opened;
            await socket.CloseAsync();
        }
        catch (TimeoutException)
        {
        }
    }

    public static async Task ConfigureAwaitUsingAsync(string address)
    {
        var socket = Sockets.Connect(address);
        await using var _ = socket.ConfigureAwait(false);
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task PropertyPatternCopyAsync(WorkerSocket? maybe, string address)
    {
        var socket = maybe ?? Sockets.Connect(address);
        if (socket is { Upgraded: false } open)
        {
            await open.CloseAsync();
        }
    }

    public static string BlockingThroughLocal(WorkerSocket socket)
    {
        var opened = socket.Opened;
        return opened.Result.RemoteAddress ?? ""; // expect: WSK009
    }

    public static void BlockingConfigured(WorkerSocket socket) =>
        socket.CloseAsync().ConfigureAwait(false).GetAwaiter().GetResult(); // expect: WSK009

    public static void BlockingAsTask(WorkerSocket socket) => socket.DisposeAsync().AsTask().Wait(); // expect: WSK009
}

public static class SequentialScopes
{
    public static async Task SevenUsingBlocksAsync()
    {
        var a = Sockets.Connect("a.internal:7000");
        await using (a) { await a.Opened; }
        var b = Sockets.Connect("b.internal:7000");
        await using (b) { await b.Opened; }
        var c = Sockets.Connect("c.internal:7000");
        await using (c) { await c.Opened; }
        var d = Sockets.Connect("d.internal:7000");
        await using (d) { await d.Opened; }
        var e = Sockets.Connect("e.internal:7000");
        await using (e) { await e.Opened; }
        var f = Sockets.Connect("f.internal:7000");
        await using (f) { await f.Opened; }
        var g = Sockets.Connect("g.internal:7000");
        await using (g) { await g.Opened; }
    }

    public static async Task DoWhileRetryAsync(string address)
    {
        WorkerSocket socket;
        var ok = false;
        do
        {
            socket = Sockets.Connect(address); // expect: WSK007, WSK008
            try
            {
                await socket.Opened;
                ok = true;
            }
            catch (Exception)
            {
            }
        }
        while (!ok);

        await socket.CloseAsync();
    }
}
