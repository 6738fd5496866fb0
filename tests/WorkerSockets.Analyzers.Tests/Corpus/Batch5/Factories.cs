// Batch 5: socket factories: ValueTask<WorkerSocket> (async and not), expression-bodied members, switch expressions.
using System;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Factories;

public enum Backend
{
    Postgres,
    Redis,
    Mqtt,
    Smtp,
}

public static class Connectors
{
    // Not async: wraps a fresh socket in a completed ValueTask. The caller that awaits it owns the socket.
    public static ValueTask<WorkerSocket> OpenNowAsync(string host, int port) => new(Sockets.Connect(host, port));

    public static ValueTask<WorkerSocket> OpenFromResultAsync(string host) => ValueTask.FromResult(Sockets.Connect(host, 5432));

    public static Task<WorkerSocket> OpenTaskAsync(string host) => Task.FromResult(Sockets.Connect(host, 6379));

    public static async ValueTask<WorkerSocket> OpenReadyAsync(string host, int port, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, port);
        try
        {
            await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await socket.CloseAsync().ConfigureAwait(false);
            throw;
        }

        return socket;
    }

    public static WorkerSocket For(Backend backend, string host) => backend switch
    {
        Backend.Postgres => Sockets.Connect(host, 5432),
        Backend.Redis => Sockets.Connect(host, 6379),
        Backend.Mqtt => Sockets.Connect(host, 1883),
        Backend.Smtp => Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls }),
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    public static WorkerSocket Secure(string host, int port) =>
        Sockets.Connect(host, port, new SocketOptions { SecureTransport = SecureTransport.On });
}

public static class FactoryCallers
{
    public static async Task<SocketInfo> NonAsyncFactoryAsync(string host)
    {
        var socket = await Connectors.OpenNowAsync(host, 7000).ConfigureAwait(false); // expect: WSK007
        return await socket.Opened.ConfigureAwait(false);
    }

    public static async Task<SocketInfo> NonAsyncFactoryClosedAsync(string host)
    {
        await using var socket = await Connectors.OpenNowAsync(host, 7000).ConfigureAwait(false);
        return await socket.Opened.ConfigureAwait(false);
    }

    public static async Task FromResultLeaks(string host)
    {
        var socket = await Connectors.OpenFromResultAsync(host).ConfigureAwait(false); // expect: WSK007
        await socket.Writable.WriteAsync(new byte[] { 0 }).ConfigureAwait(false);
    }

    public static async Task TaskFromResultLeaks(string host)
    {
        var socket = await Connectors.OpenTaskAsync(host).ConfigureAwait(false); // expect: WSK007
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task ReadyLeaks(string host, CancellationToken ct)
    {
        var socket = await Connectors.OpenReadyAsync(host, 7000, ct).ConfigureAwait(false); // expect: WSK007
        await socket.Writable.WriteAsync(new byte[] { 1 }, ct).ConfigureAwait(false);
    }

    public static async Task ReadyClosed(string host, CancellationToken ct)
    {
        var socket = await Connectors.OpenReadyAsync(host, 7000, ct).ConfigureAwait(false);
        await using (socket.ConfigureAwait(false))
        {
            await socket.Writable.WriteAsync(new byte[] { 1 }, ct).ConfigureAwait(false);
        }
    }

    // The ValueTask is handed on unawaited: whoever awaits it owns the socket.
    public static ValueTask<WorkerSocket> Forward(string host) => Connectors.OpenNowAsync(host, 7000);

    public static async Task SwitchedLeaks(Backend backend, string host)
    {
        var socket = Connectors.For(backend, host); // expect: WSK007
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task SwitchedInline(Backend backend, string host)
    {
        var socket = backend switch
        {
            Backend.Postgres => Sockets.Connect(host, 5432),
            Backend.Redis => Sockets.Connect(host, 6379),
            _ => Sockets.Connect(host, 7000),
        };
        await using (socket)
        {
            await socket.Opened.ConfigureAwait(false);
        }
    }

    public static async Task SwitchedInlineLeaks(Backend backend, string host)
    {
        var socket = backend switch
        {
            Backend.Postgres => Sockets.Connect(host, 5432), // expect: WSK007
            _ => Sockets.Connect(host, 6379), // expect: WSK007
        };
        await socket.Opened.ConfigureAwait(false);
    }

    public static async Task SecureThenStartTls(string host)
    {
        await using var socket = Connectors.Secure(host, 993);
        await using var again = socket.StartTls(); // options come from a factory: not known here
    }

    public static async Task StartTlsOnPlainFactory(string host)
    {
        var socket = Connectors.OpenNowAsync(host, 143);
        await using var plain = await socket.ConfigureAwait(false);
        await plain.Opened.ConfigureAwait(false);
    }
}
