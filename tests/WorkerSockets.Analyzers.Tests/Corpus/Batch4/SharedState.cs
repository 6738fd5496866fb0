// Batch 4: state that outlives a request: statics, worker instances, events, Interlocked and lazily built connections.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Corpus.Batch4.Hosting;
using WorkerSockets;

namespace Corpus.Batch4.SharedState;

public static class Telemetry
{
    public const string Collector = "collector.internal:4317";

    public static readonly Func<WorkerSocket> Open = () => Sockets.Connect(Collector);

    public static WorkerSocket Fresh => Sockets.Connect(Collector);

    public static WorkerSocket? Last;

    public static event Action? Flushed;

    public static readonly List<Func<Task>> OnShutdown = new();

    public static readonly WorkerSocket Eager = Sockets.Connect(Collector); // expect: WSK004

    public static void RaiseFlushed() => Flushed?.Invoke();
}

public static class TelemetryHandlers
{
    public static async Task SendAsync(byte[] payload)
    {
        await using var socket = Telemetry.Open();
        await socket.Writable.WriteAsync(payload).ConfigureAwait(false);
    }

    public static async Task SendAndRememberAsync(byte[] payload)
    {
        var socket = Sockets.Connect(Telemetry.Collector);
        await socket.Writable.WriteAsync(payload).ConfigureAwait(false);
        var previous = Interlocked.Exchange(ref Telemetry.Last, socket); // expect: WSK003
        if (previous is not null)
        {
            await previous.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task SendAndSubscribeAsync(byte[] payload)
    {
        var socket = Sockets.Connect(Telemetry.Collector);
        await socket.Writable.WriteAsync(payload).ConfigureAwait(false);
        Telemetry.Flushed += () => socket.Writable.Complete(); // expect: WSK003
    }

    public static async Task SendAndRegisterCleanupAsync(byte[] payload)
    {
        var socket = Sockets.Connect(Telemetry.Collector);
        await socket.Writable.WriteAsync(payload).ConfigureAwait(false);
        Telemetry.OnShutdown.Add(() => socket.CloseAsync()); // expect: WSK003
    }

    public static async Task SendWithLocalCleanupAsync(byte[] payload)
    {
        var socket = Sockets.Connect(Telemetry.Collector);
        var cleanup = new List<Func<Task>> { () => socket.CloseAsync() };
        await socket.Writable.WriteAsync(payload).ConfigureAwait(false);
        foreach (var step in cleanup)
        {
            await step().ConfigureAwait(false);
        }
    }
}

public abstract class WorkerBase
{
    protected WorkerSocket? Cached;

    protected static string Host => "db.internal";
}

[Worker]
public sealed partial class CatalogWorker : WorkerBase
{
    private readonly string host = "catalog.internal";
    private readonly WorkerSocket warm = Sockets.Connect("catalog.internal", 5432); // expect: WSK004, WSK003
    private readonly Lazy<Task<WorkerSocket>> connection = new(() => Task.FromResult(Sockets.Connect("catalog.internal", 5432))); // expect: WSK003
    private readonly ConcurrentDictionary<string, WorkerSocket> byTenant = new();

    public async Task<IResult> Fetch(WorkerContext ctx, string tenant)
    {
        Cached ??= Sockets.Connect(Host, 5432); // expect: WSK003
        var socket = byTenant.GetOrAdd(tenant, t => Sockets.Connect($"{t}.{host}", 5432)); // expect: WSK003
        await socket.Opened.ConfigureAwait(false);
        await using var perRequest = Sockets.Connect(host, 5432);
        await perRequest.Opened.ConfigureAwait(false);
        return Results.Ok(warm.SecureTransport);
    }

    public async Task<SocketInfo> PeekAsync() => await (await connection.Value.ConfigureAwait(false)).Opened.ConfigureAwait(false);
}

public static class Boot
{
    private static readonly WorkerSocket? Probe;

    static Boot()
    {
        if (Environment.GetEnvironmentVariable("PROBE") is not null)
        {
            Probe = Sockets.Connect("probe.internal", 9); // expect: WSK004, WSK003
        }
    }

    [ModuleInitializer]
    internal static void Warm()
    {
        _ = Sockets.Connect("probe.internal", 9); // expect: WSK004, WSK007
    }

    public static bool HasProbe => Probe is not null;
}
