// Batch 8: more hurried spellings: is-pattern copies, tuple returns, async lambdas handed to WaitUntil, ValueTask
// closes, as-casts, lock-free retries. Written from docs/rules/*.md alone.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Variants4;

public sealed class Handlers
{
    public async Task PatternCopy(object o)
    {
        if (o is WorkerSocket s)
        {
            await s.Opened;
        }
    }

    public async Task PatternCopyOfConnect(string host)
    {
        object o = Sockets.Connect(host, 5432);
        if (o is WorkerSocket s)
        {
            await s.CloseAsync();
        }
    }

    public async Task<(WorkerSocket Socket, int Attempts)> OpenWithCount(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened;
        return (s, 1);
    }

    public void CloseLater(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 5432);
        ctx.WaitUntil(Task.Run(async () =>
        {
            await s.Opened.ConfigureAwait(false);
            await s.CloseAsync().ConfigureAwait(false);
        }));
    }

    public ValueTask DisposeReturned(WorkerSocket s) => s.DisposeAsync();

    public async Task DisposeValueTaskStored(WorkerSocket s)
    {
        var pending = s.DisposeAsync();
        await pending;
    }

    public void DisposeValueTaskDropped(WorkerSocket s)
    {
        var pending = s.DisposeAsync();
        Console.WriteLine(pending.IsCompleted);
    }

    public async Task ClosedAfterLoop(IReadOnlyList<string> lines)
    {
        var s = Sockets.Connect("log.example.com:514");
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            await s.Writable.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line));
        }

        await s.CloseAsync();
    }

    public async Task BreakSkipsClose(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            var s = Sockets.Connect("log.example.com:514"); // expect: WSK007
            if (line.Length == 0) break;
            await s.CloseAsync();
        }
    }

    public async Task ThrowAfterConnect(string host)
    {
        var s = Sockets.Connect(host, 5432);
        if (host.Length == 0) throw new ArgumentException("empty host", nameof(host));
        await s.CloseAsync();
    }

    public async Task<int> ExpressionBodiedLeak(string host) => (await Sockets.Connect(host, 5432).Opened).RemoteAddress?.Length ?? 0; // expect: WSK007

    public Task ForgetInExpression(WorkerSocket s) => Task.Run(() => { s.CloseAsync(); }); // expect: WSK002
}
