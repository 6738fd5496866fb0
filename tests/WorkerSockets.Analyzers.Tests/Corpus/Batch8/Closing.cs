// Batch 8: dropped and blocked close tasks, copied from docs/rules/WSK002.md and WSK009.md and varied the way a
// hurried developer varies them. Written from the rule pages alone.
using System;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Closing;

public static class Log
{
    public static void Error(Exception? e) => Console.Error.WriteLine(e);
}

public sealed class Closers
{
    private WorkerSocket? _maybe;

    public void Forget(WorkerSocket conn)
    {
        conn.CloseAsync(); // expect: WSK002
    }

    public async Task ForgetInTry(WorkerSocket conn)
    {
        try
        {
            await conn.Opened;
        }
        finally
        {
            conn.CloseAsync(); // expect: WSK002
        }
    }

    public void Discard(WorkerSocket conn) => _ = conn.DisposeAsync(); // expect: WSK002

    public async Task ConfiguredDrop(WorkerSocket conn)
    {
        await conn.Opened.ConfigureAwait(false);
        conn.CloseAsync().ConfigureAwait(false); // expect: WSK002
    }

    public void AsTaskDrop(WorkerSocket conn)
    {
        conn.DisposeAsync().AsTask(); // expect: WSK002
    }

    public Action MakeCloser(WorkerSocket conn)
    {
        Action close = () => conn.CloseAsync(); // expect: WSK002
        return close;
    }

    public void ContinueDrop(WorkerSocket conn)
    {
        conn.CloseAsync().ContinueWith(t => Log.Error(t.Exception), TaskContinuationOptions.OnlyOnFaulted); // expect: WSK002
    }

    public void MaybeDrop()
    {
        _maybe?.CloseAsync(); // expect: WSK002
    }

    public async Task LocalFunctionDrop(WorkerSocket conn)
    {
        await conn.Opened;
        Shut();

        void Shut() => conn.CloseAsync(); // expect: WSK002
    }

    // Quiet: every shape the page lists as observing the task.
    public async Task Awaited(WorkerSocket conn) => await conn.CloseAsync();

    public void Handed(WorkerSocket conn, WorkerContext ctx) => ctx.WaitUntil(conn.CloseAsync());

    public Task Returned(WorkerSocket conn) => conn.CloseAsync();

    public async Task StoredThenAwaited(WorkerSocket conn)
    {
        var closing = conn.CloseAsync();
        Console.WriteLine("closing");
        await closing;
    }

    public void ChainHanded(WorkerSocket conn, WorkerContext ctx) =>
        ctx.WaitUntil(conn.CloseAsync().ContinueWith(t => Log.Error(t.Exception), TaskScheduler.Default));

    public async Task ChainAwaited(WorkerSocket conn) =>
        await conn.CloseAsync().ContinueWith(t => Log.Error(t.Exception), TaskScheduler.Default);

    public async Task MaybeAwaited() => await (_maybe?.CloseAsync() ?? Task.CompletedTask);

    public async Task Both(WorkerSocket a, WorkerSocket b) => await Task.WhenAll(a.CloseAsync(), b.CloseAsync());

    public async Task UsingDeclared()
    {
        await using var conn = Sockets.Connect("db.example.com:5432");
        await conn.Opened.ConfigureAwait(false);
    }

    // The page: a close passed as an argument to another method is not followed, even when that drops it.
    public void WhenAllDropped(WorkerSocket a, WorkerSocket b) => _ = Task.WhenAll(a.CloseAsync(), b.CloseAsync());
}

public sealed class Blockers
{
    public string? Remote(WorkerSocket conn)
    {
        var info = conn.Opened.Result; // expect: WSK009
        return info.RemoteAddress;
    }

    public string? RemoteInline(WorkerSocket conn) => conn.Opened.Result.RemoteAddress; // expect: WSK009

    public void Shutdown(WorkerSocket conn)
    {
        try
        {
            conn.CloseAsync().Wait(); // expect: WSK009
        }
        catch (AggregateException e)
        {
            Log.Error(e);
        }
    }

    public void Dispose(WorkerSocket conn) => conn.DisposeAsync().GetAwaiter().GetResult(); // expect: WSK009

    public void WaitClosed(WorkerSocket conn) => conn.Closed.Wait(); // expect: WSK009

    public void WaitConfigured(WorkerSocket conn) => conn.CloseAsync().ConfigureAwait(false).GetAwaiter().GetResult(); // expect: WSK009

    public void WaitViaLocal(WorkerSocket conn)
    {
        var opened = conn.Opened;
        opened.Wait(); // expect: WSK009
    }

    public void WaitBoth(WorkerSocket a, WorkerSocket b)
    {
        Task.WaitAll(a.CloseAsync(), b.CloseAsync()); // expect: WSK009
    }

    public int WaitFirst(WorkerSocket a, WorkerSocket b) => Task.WaitAny(a.Opened, b.Opened); // expect: WSK009

    // Quiet: awaited, or a completion check that does not wait.
    public async Task<string?> RemoteAsync(WorkerSocket conn) => (await conn.Opened).RemoteAddress;

    public async Task ShutdownAsync(WorkerSocket conn) => await conn.CloseAsync().ConfigureAwait(false);

    public bool IsDone(WorkerSocket conn) => conn.Closed.IsCompleted;

    public void WaitUnrelated(Task work) => work.Wait();

    public async ValueTask<string?> RemoteValueTaskAsync(WorkerSocket conn)
    {
        var info = await conn.Opened.ConfigureAwait(false);
        return info.RemoteAddress;
    }
}
