// Batch 4: small helpers real projects grow around sockets: scoped "with socket" runners, delegates, timers, endpoints.
using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WorkerSockets;

namespace Corpus.Batch4.Helpers;

public static class SocketScopes
{
    private static readonly int RelayPort = 25;

    public static async Task<T> WithSocketAsync<T>(string host, int port, Func<WorkerSocket, Task<T>> body)
    {
        await using var socket = Sockets.Connect(host, port);
        return await body(socket).ConfigureAwait(false);
    }

    public static ValueTask ReleaseAsync(WorkerSocket socket) => socket.DisposeAsync();

    public static Task<int> CountAsync(string host) => WithSocketAsync(host, 6379, async s => (await s.Opened.ConfigureAwait(false)).RemoteAddress?.Length ?? 0);

    public static async Task RelayFromSettingsAsync(string host)
    {
        // static readonly is not a constant: the value could change before this runs.
        await using var socket = Sockets.Connect(host, RelayPort);
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task HandleWithDelegateAsync(string host, Func<WorkerSocket, Task> handler)
    {
        var socket = Sockets.Connect(host, 7000); // expect: WSK007
        await handler(socket).ConfigureAwait(false);
    }

    public static async Task HandleAndReleaseAsync(string host, Func<WorkerSocket, Task> handler)
    {
        var socket = Sockets.Connect(host, 7000);
        await handler(socket).ConfigureAwait(false);
        await ReleaseAsync(socket).ConfigureAwait(false);
    }

    public static async Task LogAndLeakAsync(string host, ILogger logger)
    {
        var socket = Sockets.Connect(host, 7000); // expect: WSK007
        logger.LogInformation("opened {Socket} to {Host}", socket, host);
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task<int> LocalFactoryAsync(string host, bool twice)
    {
        WorkerSocket Open() => Sockets.Connect(host, 5432);

        await using var first = Open();
        var second = Open(); // expect: WSK007
        if (twice)
        {
            await second.Opened.ConfigureAwait(false);
        }

        return 2;
    }

    public static async Task ThroughHyperdriveAsync(Hyperdrive db)
    {
        var socket = db.Connect(); // expect: WSK007
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task PatternAliasAsync(object candidate)
    {
        if (candidate is WorkerSocket { Upgraded: false } open)
        {
            await open.CloseAsync().ConfigureAwait(false);
        }
    }
}

public static class Endpoints
{
    public static async Task<SocketInfo> ProbeHttpsAsync(IPAddress address)
    {
        var endpoint = new IPEndPoint(address, 443);
        await using var socket = Sockets.Connect(endpoint); // expect: WSK010
        return await socket.Opened.ConfigureAwait(false);
    }

    public static async Task<SocketInfo> ProbeConfiguredAsync(IPAddress address, int port)
    {
        var endpoint = new IPEndPoint(address, port);
        await using var socket = Sockets.Connect(endpoint);
        return await socket.Opened.ConfigureAwait(false);
    }

    public static async Task<SocketInfo> ProbeMailAsync(string host)
    {
        await using var socket = Sockets.Connect(new DnsEndPoint(host, 25)); // expect: WSK001
        return await socket.Opened.ConfigureAwait(false);
    }
}

public static class Timers
{
    public static void CloseLater(WorkerSocket socket)
    {
        var timer = new Timer(_ => socket.CloseAsync(), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan); // expect: WSK003, WSK002
        GC.KeepAlive(timer);
    }

    public static void CloseOnPool(WorkerSocket socket)
    {
        ThreadPool.QueueUserWorkItem(async _ => await socket.CloseAsync().ConfigureAwait(false)); // expect: WSK003
    }

    public static async Task WaitOpenedAsync(WorkerSocket socket)
    {
        if (Task.WaitAny(new Task[] { socket.Opened, Task.Delay(1000) }) == 0) // expect: WSK009
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    public static void FlushAndClose(WorkerSocket socket)
    {
        socket.Writable.Complete();
        socket.CloseAsync().ConfigureAwait(false); // expect: WSK002
    }

    public static async Task SevenStepsAsync(string host)
    {
        for (var step = 0; step < 1; step++)
        {
            await using (var a = Sockets.Connect(host, 7001)) { await a.Opened.ConfigureAwait(false); }
            await using (var b = Sockets.Connect(host, 7002)) { await b.Opened.ConfigureAwait(false); }
            await using (var c = Sockets.Connect(host, 7003)) { await c.Opened.ConfigureAwait(false); }
        }

        await using (var d = Sockets.Connect(host, 7004)) { await d.Opened.ConfigureAwait(false); }
        await using (var e = Sockets.Connect(host, 7005)) { await e.Opened.ConfigureAwait(false); }
        await using (var f = Sockets.Connect(host, 7006)) { await f.Opened.ConfigureAwait(false); }
        await using (var g = Sockets.Connect(host, 7007)) { await g.Opened.ConfigureAwait(false); }
        await using (var h = Sockets.Connect(host, 7008)) { await h.Opened.ConfigureAwait(false); }
    }

    public static async Task StartTlsWithLocalOptionsAsync(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.Off, AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 587, options);
        await using var tls = socket.StartTls(); // expect: WSK005
        await tls.Opened.ConfigureAwait(false);
    }

    public static async Task StartTlsWithDerivedOptionsAsync(string host, SocketOptions defaults)
    {
        var options = defaults with { AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 587, options);
        await using var tls = socket.StartTls();
        await tls.Opened.ConfigureAwait(false);
    }
}
