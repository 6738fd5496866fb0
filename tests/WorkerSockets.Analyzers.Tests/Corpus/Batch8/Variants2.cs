// Batch 8: try/finally with a nullable local, null-conditional closes in finally, Hyperdrive bindings, static
// properties, `this.` stores, interpolated constant ports, conditional upgrades. Written from docs/rules/*.md alone,
// before the analyzers were read.
using System;
using System.Net.Http;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Variants2;

public sealed class Env
{
    public Hyperdrive Db { get; } = new("postgres://u:p@db.example.com:5432/app");
}

public static class Registry
{
    public static WorkerSocket? Current { get; set; }
    public static WorkerSocket Pg { get; } = new Hyperdrive("postgres://u:p@db.example.com:5432/app").Connect(); // expect: WSK004
}

public static class SocketExtensions
{
    public static async Task QuitAsync(this WorkerSocket socket)
    {
        await socket.Writable.WriteAsync("QUIT\r\n"u8.ToArray()).ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task PingAsync(this WorkerSocket socket) =>
        await socket.Writable.WriteAsync("PING\r\n"u8.ToArray()).ConfigureAwait(false);
}

public sealed class Handlers
{
    public async Task NullableTryFinally(string host)
    {
        WorkerSocket? s = null;
        try
        {
            s = Sockets.Connect(host, 5432);
            await s.Opened;
        }
        finally
        {
            if (s is not null) await s.DisposeAsync();
        }
    }

    public async Task NullableTryFinallyNotEquals(string host)
    {
        WorkerSocket? s = null;
        try
        {
            s = Sockets.Connect(host, 5432);
            await s.PingAsync();
        }
        finally
        {
            if (s != null)
            {
                await s.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task CoalescedFinally(string host)
    {
        WorkerSocket? s = null;
        try
        {
            s = Sockets.Connect(host, 5432);
            await s.Opened;
        }
        finally
        {
            await (s?.CloseAsync() ?? Task.CompletedTask);
        }
    }

    public async Task ExtensionCloses(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.PingAsync();
        await s.QuitAsync();
    }

    public async Task ExtensionOnlyPings(string host)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        await s.PingAsync();
    }

    public async Task HyperdriveLeak(Env env)
    {
        var pg = env.Db.Connect(); // expect: WSK007
        await pg.Opened;
    }

    public async Task HyperdriveClosed(Env env)
    {
        await using var pg = env.Db.Connect();
        await pg.Opened;
    }

    public async Task Publish(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened;
        Registry.Current = s; // expect: WSK003
    }

    public async Task InterpolatedConstant(string host)
    {
        await using var s = Sockets.Connect($"{host}:{25}"); // expect: WSK001
        await s.Opened;
    }

    public async Task ConditionalUpgrade(string host, bool useTls)
    {
        var s = Sockets.Connect(host, 5432);
        if (useTls)
        {
            s = s.StartTls(); // expect: WSK005
        }

        await s.CloseAsync();
    }

    public async Task ConditionalUpgradeOk(string host, bool useTls)
    {
        var s = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        if (useTls)
        {
            s = s.StartTls();
        }

        await s.CloseAsync();
    }

    public async Task UsingAssignedUpgrade(WorkerSocket socket)
    {
        WorkerSocket tls;
        await using (tls = socket.StartTls())
        {
            await tls.Opened;
        }

        await socket.Writable.FlushAsync(); // expect: WSK006
    }

    public async Task FromStatic() => await Registry.Current!.Opened;

    public async Task<bool> TryProbe(string host)
    {
        try
        {
            await using var probe = Sockets.Connect(host, 7);
            await probe.Opened.WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}

[Worker]
public sealed partial class StatsWorker
{
    private WorkerSocket? _stats;

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, WorkerContext ctx)
    {
        var socket = Sockets.Connect("stats.internal:8125");
        this._stats = socket; // expect: WSK003
        await socket.Opened;
        return new HttpResponseMessage();
    }
}
