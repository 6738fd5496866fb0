// Batch 4: synchronous bridges (IDisposable over an async socket, sync APIs kept for old callers) and their honest forms.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Blocking;

public sealed class LegacyClient : IDisposable, IAsyncDisposable
{
    private readonly WorkerSocket socket;

    public LegacyClient(string host)
    {
        socket = Sockets.Connect(host, 7000);
        var info = socket.Opened.GetAwaiter().GetResult(); // expect: WSK009
        Address = info.RemoteAddress;
    }

    public string? Address { get; }

    public bool IsOpen => socket.Opened.IsCompletedSuccessfully && !socket.Closed.IsCompleted;

    public SocketInfo Info => socket.Opened.Result; // expect: WSK009

    public void Send(string text)
    {
        socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().GetAwaiter().GetResult();
    }

    public void Dispose() => socket.DisposeAsync().AsTask().GetAwaiter().GetResult(); // expect: WSK009

    public ValueTask DisposeAsync() => socket.DisposeAsync();
}

public static class Bridges
{
    public static bool TryCloseWithin(WorkerSocket socket, TimeSpan timeout)
    {
        var closing = socket.CloseAsync();
        return closing.Wait(timeout); // expect: WSK009
    }

    public static void CloseBoth(WorkerSocket a, WorkerSocket b)
    {
        Task.WaitAll(a.CloseAsync(), b.CloseAsync()); // expect: WSK009
    }

    public static async Task CloseBothAsync(WorkerSocket a, WorkerSocket b)
    {
        await Task.WhenAll(a.CloseAsync(), b.CloseAsync()).ConfigureAwait(false);
    }

    public static bool HasClosed(WorkerSocket socket) => socket.Closed.IsCompleted;

    public static string Describe(WorkerSocket socket) =>
        socket.Opened.IsCompletedSuccessfully ? socket.Opened.Result.RemoteAddress ?? "?" : "pending"; // expect: WSK009

    public static async ValueTask<SocketInfo> OpenedAsync(WorkerSocket socket, CancellationToken ct)
    {
        var opened = socket.Opened.ConfigureAwait(false);
        using var registration = ct.Register(() => _ = socket.CloseAsync()); // expect: WSK002
        return await opened;
    }

    public static async ValueTask<SocketInfo> OpenedWithTimeoutAsync(WorkerSocket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await socket.Opened.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            await socket.CloseAsync().ConfigureAwait(false);
            throw new TimeoutException($"no connection within {timeout}");
        }
    }

    public static Task ShutdownAsync(WorkerSocket socket)
    {
        socket.Writable.Complete();
        return socket.CloseAsync();
    }

    public static Task ShutdownLaterAsync(WorkerSocket socket, WorkerContext ctx)
    {
        var closing = socket.CloseAsync();
        ctx.WaitUntil(closing);
        return Task.CompletedTask;
    }

    public static void CloseInBackground(WorkerSocket socket)
    {
        socket.CloseAsync().ContinueWith(t => Console.Error.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted); // expect: WSK002
    }

    public static void DropClose(WorkerSocket socket)
    {
        socket.DisposeAsync(); // expect: WSK002
    }
}
