// Batch 2: [Worker] classes — what may live in the shared instance and what may not.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Workers;

public sealed class Env
{
    public string DatabaseAddress { get; init; } = "db.internal:5432";
    public Hyperdrive? Hyperdrive { get; init; }
}

public abstract class WorkerBase
{
    protected WorkerSocket? Cached;
    protected readonly SocketOptions DefaultOptions = new() { AllowHalfOpen = false };

    protected static HttpResponseMessage Text(string text) => new(HttpStatusCode.OK) { Content = new StringContent(text) };
}

[Worker]
public sealed partial class InventoryWorker : WorkerBase
{
    private readonly Dictionary<string, int> _hits = new();
    private readonly string _fallback = "inventory.internal:7000";

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        var socket = Sockets.Connect(env.DatabaseAddress, DefaultOptions);
        try
        {
            var info = await socket.Opened;
            lock (_hits)
            {
                _hits[info.RemoteAddress ?? ""] = _hits.GetValueOrDefault(info.RemoteAddress ?? "") + 1;
            }

            return Text(info.RemoteAddress ?? _fallback);
        }
        finally
        {
            ctx.WaitUntil(socket.CloseAsync());
        }
    }

    // Reuses a socket across requests through the inherited field.
    public async Task<string> Reuse(Env env)
    {
        if (Cached is null)
        {
            Cached = Sockets.Connect(env.DatabaseAddress); // expect: WSK003
        }

        return (await Cached.Opened).RemoteAddress ?? "";
    }
}

[Worker]
public sealed partial class SessionWorker
{
    private readonly ConcurrentDictionary<string, WorkerSocket> _byTenant = new();
    private WorkerSocket? _last;
    private readonly WorkerSocket _eager = Sockets.Connect("session.internal:6379"); // expect: WSK004, WSK003

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        var tenant = request.Headers.TryGetValues("X-Tenant", out var values) ? string.Join(",", values) : "default";
        var socket = _byTenant.GetOrAdd(tenant, t => Sockets.Connect($"{t}.session.internal:6379")); // expect: WSK003
        _last = socket; // expect: WSK003
        await socket.Opened;
        return new HttpResponseMessage(HttpStatusCode.NoContent);
    }

    public async Task<bool> EagerOpened() => (await _eager.Opened).RemoteAddress is not null;

    public int Count => _byTenant.Count + (_last is null ? 0 : 1);
}

[Worker]
public sealed partial class HyperdriveWorker
{
    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        if (env.Hyperdrive is not { } hyperdrive)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }

        var socket = hyperdrive.Connect();
        var info = await socket.Opened;
        ctx.WaitUntil(socket.CloseAsync());
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(info.RemoteAddress ?? "") };
    }

    // Answers first, forgets to close on the error path.
    public async Task<HttpResponseMessage> Lookup(Env env, WorkerContext ctx, string key)
    {
        var socket = env.Hyperdrive!.Connect(); // expect: WSK007
        try
        {
            await socket.Opened;
        }
        catch (Exception)
        {
            return new HttpResponseMessage(HttpStatusCode.BadGateway);
        }

        ctx.WaitUntil(socket.CloseAsync());
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(key) };
    }
}

/// <summary>A request-scoped unit of work: holding a socket in its fields is fine.</summary>
public sealed class RequestSession : IAsyncDisposable
{
    private WorkerSocket? _socket;

    public async Task<WorkerSocket> GetAsync(string address)
    {
        _socket ??= Sockets.Connect(address);
        await _socket.Opened;
        return _socket;
    }

    public ValueTask DisposeAsync() => _socket?.DisposeAsync() ?? ValueTask.CompletedTask;
}

[Worker]
public sealed partial class SessionScopedWorker
{
    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        await using var session = new RequestSession();
        var socket = await session.GetAsync(env.DatabaseAddress);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(socket.SecureTransport.ToString()) };
    }
}
