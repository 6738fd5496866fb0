// Batch 2: synchronous bridges written by people porting blocking code, and their async rewrites.
using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.SyncBridges;

public sealed class LegacyClient : IDisposable
{
    private readonly WorkerSocket _socket;

    public LegacyClient(string address)
    {
        _socket = Sockets.Connect(address);
        var info = _socket.Opened.Result; // expect: WSK009
        RemoteAddress = info.RemoteAddress;
    }

    public string? RemoteAddress { get; }

    public bool IsOpen => !_socket.Closed.IsCompleted;

    public void Dispose() => _socket.CloseAsync().GetAwaiter().GetResult(); // expect: WSK009
}

public static class Bridges
{
    public static string? RemoteOf(string address)
    {
        var socket = Sockets.Connect(address);
        var opened = socket.Opened;
        var info = opened.Result; // expect: WSK009
        socket.DisposeAsync().AsTask().Wait(); // expect: WSK009
        return info.RemoteAddress;
    }

    public static bool WaitBoth(WorkerSocket a, WorkerSocket b) =>
        Task.WaitAll(new Task[] { a.Closed, b.Closed }, TimeSpan.FromSeconds(5)); // expect: WSK009

    public static async Task<string?> RemoteOfAsync(string address)
    {
        await using var socket = Sockets.Connect(address);
        var info = await socket.Opened;
        return info.RemoteAddress;
    }

    // The rule page lists .Result without exceptions: a completion check first does not change that.
    public static string Describe(WorkerSocket socket) =>
        socket.Opened.IsCompletedSuccessfully ? socket.Opened.Result.RemoteAddress ?? "?" : "pending"; // expect: WSK009

    public static async Task<string?> AfterAwaitAsync(WorkerSocket socket)
    {
        var info = await socket.Opened;
        return info.RemoteAddress;
    }

    // Task.Result on something that is not a socket task.
    public static int NotASocketTask() => Task.FromResult(42).Result;

    public static async Task<int> ContinueWithAsync(string address)
    {
        await using var socket = Sockets.Connect(address);
        var length = await socket.Opened.ContinueWith(t => t.Result.RemoteAddress?.Length ?? 0);
        return length;
    }

    public static void FireAndForgetClose(WorkerSocket socket)
    {
        socket.CloseAsync().ConfigureAwait(false); // expect: WSK002
    }

    public static ValueTask CloseValueTask(WorkerSocket socket) => socket.DisposeAsync();

    public static async ValueTask CloseAwaitedAsync(WorkerSocket socket) => await socket.DisposeAsync().ConfigureAwait(false);

    public static Task ObserveWithWhenAll(WorkerSocket a, WorkerSocket b) => Task.WhenAll(a.CloseAsync(), b.CloseAsync());

    public static ConfiguredTaskAwaitable CloseConfigured(WorkerSocket socket) => socket.CloseAsync().ConfigureAwait(false);
}
