// Batch 5: keep-alives and heartbeats: PeriodicTimer inside the request, Timer callbacks, delayed work.
using System;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Timers;

public static class Heartbeats
{
    // The PeriodicTimer loop runs inside the request: the socket never leaves it.
    public static async Task PingEvery(string host, TimeSpan period, int beats, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, 1883);
        using var timer = new PeriodicTimer(period);
        for (var i = 0; i < beats && await timer.WaitForNextTickAsync(ct).ConfigureAwait(false); i++)
        {
            await socket.Writable.WriteAsync(new byte[] { 0xC0, 0x00 }, ct).ConfigureAwait(false);
        }
    }

    public static Timer KeepAliveTimer(WorkerSocket socket, TimeSpan period) =>
        new(_ => socket.Writable.WriteAsync(new byte[] { 0xC0, 0x00 }), null, period, period); // expect: WSK003

    public static async Task DelayedClose(WorkerContext ctx, string host)
    {
        var socket = Sockets.Connect(host, 1883);
        await socket.Opened.ConfigureAwait(false);
        ctx.WaitUntil(Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => socket.CloseAsync(), TaskScheduler.Default).Unwrap());
    }

    public static async Task DelayedCloseDropped(string host)
    {
        var socket = Sockets.Connect(host, 1883);
        await socket.Opened.ConfigureAwait(false);
        _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => socket.CloseAsync(), TaskScheduler.Default);
    }

    public static async Task IdleTimeout(string host, TimeSpan idle, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, 1883);
        using var idleCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idleCts.CancelAfter(idle);
        try
        {
            while (true)
            {
                var result = await socket.Readable.ReadAsync(idleCts.Token).ConfigureAwait(false);
                socket.Readable.AdvanceTo(result.Buffer.End);
                idleCts.CancelAfter(idle);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Console.WriteLine("idle timeout");
        }
    }

    public static void SyncTimerClose(WorkerSocket socket, TimeSpan after)
    {
        var timer = new Timer(_ => socket.CloseAsync().Wait(), null, after, Timeout.InfiniteTimeSpan); // expect: WSK003, WSK009
        GC.KeepAlive(timer);
    }
}

[Worker]
public sealed partial class BrokerWorker
{
    private readonly TimeSpan keepAlive = TimeSpan.FromSeconds(30);
    private Timer? reconnectTimer;

    public async Task Fetch(WorkerContext ctx, string topic)
    {
        await using var socket = Sockets.Connect("broker.internal", 1883);
        await socket.Opened.ConfigureAwait(false);
        reconnectTimer ??= new Timer(_ => Console.WriteLine("tick"), null, keepAlive, keepAlive);
        ctx.WaitUntil(Task.Delay(keepAlive));
    }

    public async Task Subscribe(WorkerContext ctx, string topic)
    {
        var socket = Sockets.Connect("broker.internal", 1883);
        await socket.Opened.ConfigureAwait(false);
        reconnectTimer = new Timer(_ => socket.Writable.WriteAsync(new byte[] { 0xC0, 0x00 }), null, keepAlive, keepAlive); // expect: WSK003
    }
}
