// Background work, lambdas and pipelines: escaping the request means outliving it.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Pipelines;

sealed class Pump
{
    public async Task Parallel(WorkerContext ctx, string host)
    {
        await using var s = Sockets.Connect(host, 9000);
        await Task.Run(() => Parse(s));
        var work = Task.Run(() => Parse(s));
        await work;
        await Task.WhenAll(Task.Run(() => Parse(s)), Task.Delay(10));
    }

    public async Task FireAndForget(string host)
    {
        await using var s = Sockets.Connect(host, 9000);
        _ = Task.Run(() => Parse(s)); // expect: WSK003
        ThreadPool.QueueUserWorkItem(_ => Parse(s)); // expect: WSK003
    }

    public Task Detached(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 9000);
        ctx.WaitUntil(Task.Run(async () =>
        {
            await s.Opened;
            await s.CloseAsync();
        }));
        return Task.CompletedTask;
    }

    public void Timed(string host)
    {
        var s = Sockets.Connect(host, 9000);
        var timer = new Timer(_ => s.CloseAsync(), null, 1000, Timeout.Infinite); // expect: WSK003, WSK002
        GC.KeepAlive(timer);
    }

    public async Task Pipeline(string host, IEnumerable<string> lines)
    {
        await using var s = Sockets.Connect(host, 9000);
        var stages = new List<Func<WorkerSocket, Task>> { Write, Flush };
        foreach (var stage in stages)
        {
            await stage(s);
        }
    }

    public async Task Callback(string host)
    {
        var s = Sockets.Connect(host, 9000);
        Func<Task> finish = async () => await s.CloseAsync();
        await finish();
    }

    public async Task LocalFunctionCloses(string host)
    {
        var s = Sockets.Connect(host, 9000);
        await Run();

        async Task Run()
        {
            await s.Opened;
            await s.CloseAsync();
        }
    }

    public async Task Observed(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 9000);
        await s.Opened;
        ctx.WaitUntil(s.CloseAsync());
    }

    public async Task Dropped(string host)
    {
        var s = Sockets.Connect(host, 9000);
        await s.Opened;
        s.CloseAsync(); // expect: WSK002
    }

    public async Task DroppedDiscard(string host)
    {
        var s = Sockets.Connect(host, 9000);
        await s.Opened;
        _ = s.DisposeAsync(); // expect: WSK002
    }

    private static void Parse(WorkerSocket socket) => Console.WriteLine(socket.Upgraded);

    private static async Task Write(WorkerSocket socket) => await socket.Writable.WriteAsync(new byte[] { 1 });

    private static async Task Flush(WorkerSocket socket) => await socket.Writable.FlushAsync();
}
