// Batch 5: handlers ported from Node workers: callbacks, promise-like ContinueWith chains, TaskCompletionSource.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.NodePorts;

public delegate void SocketCallback(Exception? error, WorkerSocket? socket);

public static class NodeStyle
{
    // net.connect(port, host, cb): the callback receives (and owns) the socket, as in Node.
    public static Task ConnectWithCallback(string host, int port, SocketCallback callback)
    {
        var socket = Sockets.Connect(host, port);
        return socket.Opened.ContinueWith(
            t => callback(t.IsFaulted ? t.Exception : null, t.IsFaulted ? null : socket),
            TaskScheduler.Default);
    }

    // socket.end().then(() => log('closed')) — the chain is returned, so the caller observes it.
    public static Task EndThenLog(WorkerSocket socket) =>
        socket.CloseAsync().ContinueWith(_ => Console.WriteLine("closed"), TaskScheduler.Default);

    // socket.end().catch(console.error) as a statement: the close may still be running when the request ends.
    public static void EndAndForget(WorkerSocket socket)
    {
        socket.CloseAsync().ContinueWith(t => Console.Error.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted); // expect: WSK002
    }

    public static async Task EndAndAwaitChain(WorkerSocket socket)
    {
        await socket.CloseAsync().ContinueWith(t => Console.Error.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted).ConfigureAwait(false);
    }

    public static void EndInsideRequest(WorkerContext ctx, WorkerSocket socket)
    {
        ctx.WaitUntil(socket.CloseAsync().ContinueWith(t => Console.Error.WriteLine(t.Exception), TaskScheduler.Default));
    }

    // new Promise((resolve, reject) => { const s = connect(...); s.opened.then(() => resolve(s), reject) })
    public static Task<WorkerSocket> OpenPromise(string host)
    {
        var tcs = new TaskCompletionSource<WorkerSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var socket = Sockets.Connect(host, 1883);
        socket.Opened.ContinueWith(t =>
        {
            if (t.IsFaulted)
            {
                tcs.SetException(t.Exception!);
            }
            else
            {
                tcs.SetResult(socket);
            }
        }, TaskScheduler.Default);
        return tcs.Task;
    }
}

public static class PortedHandlers
{
    public static async Task<string> PingAsync(string host)
    {
        var done = new TaskCompletionSource<string>();
        await NodeStyle.ConnectWithCallback(host, 7000, (error, socket) =>
        {
            if (error is not null)
            {
                done.SetException(error);
                return;
            }

            done.SetResult(socket!.SecureTransport.ToString());
        }).ConfigureAwait(false);
        return await done.Task.ConfigureAwait(false);
    }

    public static async Task<int> ThenChainAsync(string host)
    {
        var socket = Sockets.Connect(host, 7000); // expect: WSK007
        var length = await socket.Opened
            .ContinueWith(t => t.Result.RemoteAddress ?? string.Empty, TaskScheduler.Default)
            .ContinueWith(t => t.Result.Length, TaskScheduler.Default)
            .ConfigureAwait(false);
        return length;
    }

    public static async Task<int> ThenChainClosedAsync(string host)
    {
        var socket = Sockets.Connect(host, 7000);
        try
        {
            return await socket.Opened.ContinueWith(t => t.Result.RemoteAddress?.Length ?? 0, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    // A port of `s.opened.then(() => s.close())`: the continuation closes the captured socket.
    public static Task OpenThenCloseAsync(string host)
    {
        var socket = Sockets.Connect(host, 7000);
        return socket.Opened.ContinueWith(_ => socket.CloseAsync(), TaskScheduler.Default).Unwrap();
    }

    public static async Task WriteThenEndAsync(string host, string message)
    {
        var socket = Sockets.Connect(host, 7000);
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(message)).ConfigureAwait(false);
        socket.CloseAsync(); // expect: WSK002
    }

    public static void OnData(WorkerSocket socket, Action<string> handler, CancellationToken ct)
    {
        _ = socket.Readable.ReadAsync(ct).AsTask().ContinueWith(
            t => handler(Encoding.UTF8.GetString(t.Result.Buffer.FirstSpan)),
            TaskScheduler.Default);
    }

    public static async Task<SocketInfo> OpenedOrTimeoutAsync(string host)
    {
        var socket = await NodeStyle.OpenPromise(host).ConfigureAwait(false);
        var info = await socket.Opened.ConfigureAwait(false);
        _ = socket.DisposeAsync(); // expect: WSK002
        return info;
    }
}
