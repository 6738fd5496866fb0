// Batch 6: code that bridges to synchronous APIs, closes in callbacks, and mixes blocking with async.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.SyncBridges;

public interface ILegacyChannel
{
    void Send(byte[] payload);
    void Close();
}

/// <summary>Adapts a socket to a synchronous interface a legacy library wants.</summary>
public sealed class SocketChannel(WorkerSocket socket) : ILegacyChannel
{
    public void Send(byte[] payload) => socket.Writable.WriteAsync(payload).AsTask().GetAwaiter().GetResult();

    public void Close() => socket.CloseAsync().Wait(); // expect: WSK009
}

public static class Bridges
{
    public static string RemoteOf(WorkerSocket socket) => socket.Opened.Result.RemoteAddress ?? ""; // expect: WSK009

    public static void WaitClosed(WorkerSocket socket)
    {
        var closed = socket.Closed;
        closed.Wait(); // expect: WSK009
    }

    public static void WaitBoth(WorkerSocket a, WorkerSocket b) => Task.WaitAll(a.CloseAsync(), b.CloseAsync()); // expect: WSK009

    // Not blocking: inspecting status only.
    public static bool IsDone(WorkerSocket socket) => socket.Closed.IsCompleted && !socket.Closed.IsFaulted;

    // Blocking on something that is not a socket task.
    public static int Compute() => Task.Run(() => 42).Result;

    // Closing each socket in a list inside ForEach: the lambda drops the task.
    public static void CloseAll(List<WorkerSocket> sockets) => sockets.ForEach(s => s.CloseAsync()); // expect: WSK002

    // Closing each in a list properly.
    public static Task CloseAllAsync(List<WorkerSocket> sockets) => Task.WhenAll(sockets.ConvertAll(s => s.CloseAsync()));

    // ContinueWith chain dropped as a statement.
    public static void CloseAndLog(WorkerSocket socket) =>
        socket.CloseAsync().ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted); // expect: WSK002

    // Close returned from a non-async method: observed by the caller.
    public static Task CloseLater(WorkerSocket socket) => socket.CloseAsync();

    // Close via DisposeAsync dropped with ConfigureAwait.
    public static void DisposeQuick(WorkerSocket socket)
    {
        socket.DisposeAsync().ConfigureAwait(false); // expect: WSK002
    }

    // Open with a blocking wait in a constructor-like factory used by a legacy library.
    public static ILegacyChannel OpenLegacy(string address)
    {
        var socket = Sockets.Connect(address);
        socket.Opened.GetAwaiter().GetResult(); // expect: WSK009
        return new SocketChannel(socket);
    }

    // A sync handler that drops a close on the fast path.
    public static int Probe(string address, bool quick)
    {
        var socket = Sockets.Connect(address);
        if (quick)
        {
            _ = socket.CloseAsync(); // expect: WSK002
            return 0;
        }

        socket.CloseAsync().GetAwaiter().GetResult(); // expect: WSK009
        return 1;
    }
}
