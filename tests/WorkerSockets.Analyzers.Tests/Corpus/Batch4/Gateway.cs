// Batch 4: an API gateway's backend calls: close observation, blocking leftovers, upgrades and background work.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Gateway;

public sealed class BackendCall(string host, int port)
{
    private readonly List<Task> closing = new();

    public async Task<int> CallAsync(WorkerContext ctx, bool keepOpen)
    {
        var socket = Sockets.Connect(host, port);
        await socket.Opened.ConfigureAwait(false);
        if (keepOpen)
        {
            closing.Add(socket.CloseAsync());
            return 1;
        }

        Func<Task> close = () => socket.CloseAsync();
        ctx.WaitUntil(close());
        return 0;
    }

    public Task DrainAsync() => Task.WhenAll(closing);

    public void Abort(WorkerSocket? maybe)
    {
        maybe?.CloseAsync().ConfigureAwait(false); // expect: WSK002
    }

    public void AbortObserved(WorkerSocket? maybe)
    {
        closing.Add(maybe?.CloseAsync() ?? Task.CompletedTask);
    }

    public static void DisposeLater(WorkerSocket socket)
    {
        _ = socket.DisposeAsync().AsTask(); // expect: WSK002
    }

    public static bool WaitClosed(WorkerSocket socket)
    {
        var closed = socket.Closed;
        closed.Wait(); // expect: WSK009
        return closed.IsCompletedSuccessfully;
    }

    public static SocketInfo OpenedSync(WorkerSocket socket) => socket.Opened.ConfigureAwait(false).GetAwaiter().GetResult(); // expect: WSK009

    public static async Task<Stream> UpgradeAndReadAsync(WorkerSocket socket, bool secure)
    {
        if (secure)
        {
            var tls = socket.StartTls();
            var stream = socket.Stream; // expect: WSK006
            await tls.CloseAsync().ConfigureAwait(false);
            return stream;
        }

        return socket.Stream;
    }

    public static async Task<bool> UpgradeStatusAsync(WorkerSocket socket)
    {
        var tls = socket.StartTls();
        await socket.Closed.ConfigureAwait(false);
        var upgraded = socket.Upgraded;
        await tls.CloseAsync().ConfigureAwait(false);
        return upgraded;
    }

    public static async Task DirectUpgradeAsync(string host)
    {
        await using var tls = Sockets.Connect(host, 5432, new SocketOptions()).StartTls(); // expect: WSK005
        await tls.Opened.ConfigureAwait(false);
    }

    public static async Task DirectUpgradeNullAsync(string host)
    {
        await using var tls = Sockets.Connect(host, 5432, null).StartTls(); // expect: WSK005
        await tls.Opened.ConfigureAwait(false);
    }

    public static async Task ParseInBackgroundAsync(string host, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, 9000);
        var parse = Task.Run(() => socket.SecureTransport.ToString(), ct);
        var text = await parse.ConfigureAwait(false);
        await Task.Factory.StartNew(() => Console.WriteLine(socket.Upgraded), ct, TaskCreationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        Console.WriteLine(text);
    }

    public static async Task PumpForeverAsync(string host)
    {
        var socket = Sockets.Connect(host, 9000);
        _ = Task.Factory.StartNew(async () => { await socket.Opened.ConfigureAwait(false); await socket.CloseAsync().ConfigureAwait(false); }, TaskCreationOptions.LongRunning); // expect: WSK003
        await Task.Yield();
    }

    public static async Task<int> RouteAsync(string path, string host)
    {
        var calls = 0;
        switch (path)
        {
            case "/a": { await using var s = Sockets.Connect(host, 7001); calls++; break; }
            case "/b": { await using var s = Sockets.Connect(host, 7002); calls++; break; }
            case "/c": { await using var s = Sockets.Connect(host, 7003); calls++; break; }
            case "/d": { await using var s = Sockets.Connect(host, 7004); calls++; break; }
            case "/e": { await using var s = Sockets.Connect(host, 7005); calls++; break; }
            case "/f": { await using var s = Sockets.Connect(host, 7006); calls++; break; }
            case "/g": { await using var s = Sockets.Connect(host, 7007); calls++; break; }
            default: break;
        }

        return calls;
    }

    public static async Task<int> MixedLifetimesAsync(string host)
    {
        await using var a = Sockets.Connect(host, 7001);
        await using var b = Sockets.Connect(host, 7002);
        await using var c = Sockets.Connect(host, 7003);
        var d = Sockets.Connect(host, 7004);
        await using (d)
        {
            await d.Opened.ConfigureAwait(false);
        }

        await using var e = Sockets.Connect(host, 7005);
        await using var f = Sockets.Connect(host, 7006);
        await using var g = Sockets.Connect(host, 7007);
        var h = Sockets.Connect(host, 7008); // expect: WSK008, WSK007
        await h.Opened.ConfigureAwait(false);
        return 8;
    }
}
