// Batch 5: timeouts the .NET way: Task.WhenAny against Task.Delay, WaitAsync, linked CancellationTokenSources.
using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Timeouts;

public static class ConnectTimeouts
{
    public static async Task<SocketInfo?> OpenWithin(string host, int port, TimeSpan limit)
    {
        var socket = Sockets.Connect(host, port);
        var winner = await Task.WhenAny(socket.Opened, Task.Delay(limit)).ConfigureAwait(false);
        if (winner != socket.Opened)
        {
            await socket.CloseAsync().ConfigureAwait(false);
            return null;
        }

        var info = await socket.Opened.ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
        return info;
    }

    public static async Task<bool> ProbeLeaksOnTimeout(string host, TimeSpan limit)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        if (await Task.WhenAny(socket.Opened, Task.Delay(limit)).ConfigureAwait(false) != socket.Opened)
        {
            return false;
        }

        await socket.CloseAsync().ConfigureAwait(false);
        return true;
    }

    public static async Task<WorkerSocket> OpenOrThrow(string host, TimeSpan limit, CancellationToken requestAborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(limit);
        var socket = Sockets.Connect(host, 6379);
        try
        {
            await socket.Opened.WaitAsync(timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException)
        {
            await socket.CloseAsync().ConfigureAwait(false);
            throw new TimeoutException($"{host}:6379 did not open within {limit}");
        }
    }

    public static async Task<string> PingAsync(string host, CancellationToken requestAborted)
    {
        var socket = await OpenOrThrow(host, TimeSpan.FromSeconds(2), requestAborted).ConfigureAwait(false);
        await socket.Writable.WriteAsync("PING\r\n"u8.ToArray(), requestAborted).ConfigureAwait(false);
        var reply = await socket.Readable.ReadAsync(requestAborted).ConfigureAwait(false);
        var text = System.Text.Encoding.ASCII.GetString(reply.Buffer.ToArray());
        await socket.CloseAsync().ConfigureAwait(false);
        return text;
    }

    public static async Task<bool> PingForgetsClose(string host, CancellationToken requestAborted)
    {
        var socket = await OpenOrThrow(host, TimeSpan.FromSeconds(2), requestAborted).ConfigureAwait(false); // expect: WSK007
        await socket.Writable.WriteAsync("PING\r\n"u8.ToArray(), requestAborted).ConfigureAwait(false);
        return true;
    }

    public static async Task CloseWithin(WorkerSocket socket, TimeSpan limit)
    {
        var closing = socket.CloseAsync();
        if (await Task.WhenAny(closing, Task.Delay(limit)).ConfigureAwait(false) != closing)
        {
            Console.Error.WriteLine("close did not finish in time");
        }
    }

    public static async Task ReadUntilCancelled(string host, CancellationToken requestAborted, CancellationToken shutdown)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, shutdown);
        await using var socket = Sockets.Connect(host, 9000);
        using var registration = linked.Token.Register(() => socket.Readable.CancelPendingRead());
        while (!linked.IsCancellationRequested)
        {
            var result = await socket.Readable.ReadAsync(linked.Token).ConfigureAwait(false);
            socket.Readable.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }
    }

    public static async Task CloseOnCancel(string host, CancellationToken requestAborted)
    {
        var socket = Sockets.Connect(host, 9000);
        // The registration closes the socket when the request is aborted; otherwise the last line does.
        using var registration = requestAborted.Register(() => socket.CloseAsync()); // expect: WSK002
        await socket.Opened.ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task<SocketInfo> FirstToOpen(string primary, string secondary)
    {
        var a = Sockets.Connect(primary, 5432);
        var b = Sockets.Connect(secondary, 5432);
        var first = await Task.WhenAny(a.Opened, b.Opened).ConfigureAwait(false);
        var info = await first.ConfigureAwait(false);
        await Task.WhenAll(a.CloseAsync(), b.CloseAsync()).ConfigureAwait(false);
        return info;
    }

    public static async Task<SocketInfo> FirstToOpenLeaksLoser(string primary, string secondary)
    {
        var a = Sockets.Connect(primary, 5432);
        var b = Sockets.Connect(secondary, 5432); // expect: WSK007
        var first = await Task.WhenAny(a.Opened, b.Opened).ConfigureAwait(false);
        if (first == a.Opened)
        {
            await a.CloseAsync().ConfigureAwait(false);
            return await first.ConfigureAwait(false);
        }

        await Task.WhenAll(a.CloseAsync(), b.CloseAsync()).ConfigureAwait(false);
        return await first.ConfigureAwait(false);
    }

    public static SocketInfo OpenedWithin(WorkerSocket socket, TimeSpan limit)
    {
        if (!socket.Opened.Wait(limit)) // expect: WSK009
        {
            throw new TimeoutException();
        }

        return socket.Opened.Result; // expect: WSK009
    }

    public static async Task<bool> OpenedWithinAsync(WorkerSocket socket, TimeSpan limit)
    {
        var opened = await Task.WhenAny(socket.Opened, Task.Delay(limit)).ConfigureAwait(false) == socket.Opened;
        return opened && socket.Opened.IsCompletedSuccessfully;
    }
}
