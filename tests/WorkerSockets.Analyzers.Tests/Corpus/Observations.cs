// Closing and what happens to the close task: dropped (WSK002) or observed in one of the many ways code observes it.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Observations;

sealed class Connection : IDisposable
{
    private readonly WorkerSocket socket;

    public Connection(WorkerSocket socket) => this.socket = socket;

    public void Dispose() => socket.CloseAsync(); // expect: WSK002

    public void Abort() => _ = socket.CloseAsync().ConfigureAwait(false); // expect: WSK002

    public Task CloseAsync() => socket.CloseAsync();

    public ValueTask DisposeAsync() => socket.DisposeAsync();
}

static class Closing
{
    public static void ParallelDrops(WorkerSocket[] sockets)
    {
        Parallel.ForEach(sockets, s => s.CloseAsync()); // expect: WSK002
    }

    public static void LocalFunctionDrops(WorkerSocket s)
    {
        Close();

        void Close() => s.CloseAsync(); // expect: WSK002
    }

    public static async Task LocalFunctionReturns(WorkerSocket s)
    {
        await Close();

        Task Close() => s.CloseAsync();
    }

    public static async Task CollectedAndAwaited(WorkerSocket a, WorkerSocket b)
    {
        var closing = new List<Task> { a.CloseAsync() };
        closing.Add(b.CloseAsync());
        await Task.WhenAll(closing);
    }

    public static void HandedToContext(WorkerSocket s, WorkerContext ctx)
    {
        var closing = s.CloseAsync();
        ctx.WaitUntil(closing);
        ctx.WaitUntil(s.DisposeAsync().AsTask());
    }

    public static async Task TimedClose(WorkerSocket s, CancellationToken ct)
    {
        await s.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5), ct);
    }

    public static async Task RunClose(WorkerSocket s)
    {
        await Task.Run(() => s.CloseAsync());
    }

    public static Task<bool> CloseThenReport(WorkerSocket s)
        => s.CloseAsync().ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);

    public static void DropsInsideSyncLoop(IEnumerable<WorkerSocket> sockets)
    {
        foreach (var s in sockets)
        {
            s.DisposeAsync(); // expect: WSK002
        }
    }

    public static async Task AwaitsEachInLoop(IEnumerable<WorkerSocket> sockets)
    {
        foreach (var s in sockets)
        {
            await s.DisposeAsync();
        }
    }

    public static Task Chosen(WorkerSocket? a, WorkerSocket b) => a?.CloseAsync() ?? b.CloseAsync();
}
