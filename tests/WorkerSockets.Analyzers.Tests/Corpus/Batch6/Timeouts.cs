// Batch 6: timeouts — CancellationTokenSource, Task.WhenAny races, WaitAsync, and what happens to the loser.
using System;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.Timeouts;

public static class ConnectTimeouts
{
    // Task.WhenAny race against a delay; the socket is closed in both outcomes.
    public static async Task<bool> RaceAsync(string address, TimeSpan timeout)
    {
        var socket = Sockets.Connect(address);
        var winner = await Task.WhenAny(socket.Opened, Task.Delay(timeout));
        if (winner != socket.Opened)
        {
            await socket.CloseAsync();
            return false;
        }

        await socket.CloseAsync();
        return true;
    }

    // The timeout path returns without closing.
    public static async Task<bool> RaceLeakyAsync(string address, TimeSpan timeout)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        var winner = await Task.WhenAny(socket.Opened, Task.Delay(timeout));
        if (winner != socket.Opened)
        {
            return false;
        }

        await socket.CloseAsync();
        return true;
    }

    // CancellationTokenSource with CancelAfter and WaitAsync; the catch returns without closing.
    public static async Task<string> WithCtsAsync(string address)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var socket = Sockets.Connect(address); // expect: WSK007
        try
        {
            var info = await socket.Opened.WaitAsync(cts.Token);
            await socket.CloseAsync();
            return info.RemoteAddress ?? "";
        }
        catch (OperationCanceledException)
        {
            return "timeout";
        }
    }

    // The same with await using: every path is covered.
    public static async Task<string> WithCtsUsingAsync(string address)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await using var socket = Sockets.Connect(address);
        try
        {
            var info = await socket.Opened.WaitAsync(cts.Token);
            return info.RemoteAddress ?? "";
        }
        catch (OperationCanceledException)
        {
            return "timeout";
        }
    }

    // Token registration that closes the socket: the callback drops the task.
    public static async Task<int> CancelClosesAsync(string address, CancellationToken requestAborted)
    {
        await using var socket = Sockets.Connect(address);
        using var registration = requestAborted.Register(() => socket.CloseAsync()); // expect: WSK002
        var read = await socket.Readable.ReadAsync(requestAborted);
        return (int)read.Buffer.Length;
    }

    // A synchronous timeout: someone "just waits" for the open with a timeout.
    public static bool OpenedWithin(WorkerSocket socket, TimeSpan timeout)
    {
        return socket.Opened.Wait(timeout); // expect: WSK009
    }

    // Racing the read against a delay and closing the loser via WaitUntil.
    public static async Task<long> ReadWithDeadlineAsync(string address, WorkerContext ctx)
    {
        var socket = Sockets.Connect(address);
        var read = socket.Readable.ReadAsync().AsTask();
        var done = await Task.WhenAny(read, Task.Delay(1000));
        ctx.WaitUntil(socket.CloseAsync());
        return done == read ? (await read).Buffer.Length : -1;
    }

    // Timeout helper written generically over Task; used on the close task.
    public static async Task<bool> TimeoutAfter(Task task, TimeSpan limit) => await Task.WhenAny(task, Task.Delay(limit)) == task;

    public static async Task<bool> CloseWithinAsync(string address)
    {
        var socket = Sockets.Connect(address);
        await socket.Opened;
        return await TimeoutAfter(socket.CloseAsync(), TimeSpan.FromSeconds(1));
    }

    // Linked token for the whole exchange; the socket escapes into a timer callback that outlives the request.
    public static async Task WatchdogAsync(string address)
    {
        await using var socket = Sockets.Connect(address);
        var timer = new Timer(_ => socket.CloseAsync(), null, 5000, Timeout.Infinite); // expect: WSK003, WSK002
        await socket.Opened;
        await timer.DisposeAsync();
    }

    // Task.WaitAny on the opened task in a sync health endpoint.
    public static bool IsReachable(string address)
    {
        var socket = Sockets.Connect(address);
        var ok = Task.WaitAny(new Task[] { socket.Opened }, 1000) == 0; // expect: WSK009
        socket.CloseAsync().GetAwaiter().GetResult(); // expect: WSK009
        return ok;
    }
}
