// Batch 4: IDisposable bridges, static holders built at type load, continuations and upgrades inside loops.
using System;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Lifetimes;

public sealed class SyncHolder(WorkerSocket socket) : IDisposable
{
    public void Dispose() => socket.CloseAsync(); // expect: WSK002
}

public sealed class SyncMaybeHolder(WorkerSocket? socket) : IDisposable
{
    public void Dispose()
    {
        _ = socket?.DisposeAsync(); // expect: WSK002
    }
}

public sealed class AsyncHolder(WorkerSocket socket) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => socket.DisposeAsync();

    public Task<string?> AddressAsync() => socket.Opened.ContinueWith(t => t.Result.RemoteAddress, TaskScheduler.Default);

    public void DisposeNow() => socket.DisposeAsync().AsTask().Wait(); // expect: WSK009
}

public static class TypeLoad
{
    private static readonly Hyperdrive Database = new("postgres://app@db.internal:5432/app");

    public static readonly WorkerSocket Primary = Database.Connect(); // expect: WSK004

    public static readonly Func<Task<WorkerSocket>> OpenAsync = async () =>
    {
        var socket = Database.Connect();
        await socket.Opened.ConfigureAwait(false);
        return socket;
    };

    public static Task<WorkerSocket> Next() => OpenAsync();
}

public static class LoopUpgrades
{
    public static async Task SendAllAsync(string host, byte[][] messages, bool upgradeFirst)
    {
        var socket = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var upgraded = false;
        foreach (var message in messages)
        {
            if (upgradeFirst && !upgraded)
            {
                socket = socket.StartTls();
                upgraded = true;
            }

            await socket.Writable.WriteAsync(message).ConfigureAwait(false);
        }

        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task SendScopedAsync(string host, byte[] message)
    {
        var socket = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        {
            await using var tls = socket.StartTls();
            await tls.Writable.WriteAsync(message).ConfigureAwait(false);
        }

        await socket.Closed.ConfigureAwait(false);
    }

    public static async Task SendAfterScopeAsync(string host, byte[] message)
    {
        var socket = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        {
            await using var tls = socket.StartTls();
            await tls.Writable.WriteAsync(message).ConfigureAwait(false);
        }

        await socket.Writable.WriteAsync(message).ConfigureAwait(false); // expect: WSK006
    }
}
