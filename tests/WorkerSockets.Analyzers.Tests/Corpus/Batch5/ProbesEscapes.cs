// Batch 5: probes written after the analyzers were read: background work that is returned, awaited through wrappers, or dropped.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.ProbesEscapes;

public static class P
{
    public static Task Returned(WorkerSocket s) => Task.Run(() => Console.WriteLine(s.Upgraded));

    public static Task ReturnedLocal(WorkerSocket s)
    {
        var work = Task.Run(async () => await s.Opened);
        return work;
    }

    public static async Task WhenAllInWaitUntil(WorkerContext ctx, WorkerSocket s)
    {
        var a = Task.Run(async () => await s.Opened);
        var b = Task.Run(async () => await s.Closed);
        ctx.WaitUntil(Task.WhenAll(a, b));
        await Task.Yield();
    }

    public static async Task StartNewUnwrapAwaited(WorkerSocket s)
    {
        await Task.Factory.StartNew(async () => await s.Opened).Unwrap();
    }

    public static async Task WaitAsyncAwaited(WorkerSocket s, CancellationToken ct)
    {
        await Task.Run(async () => await s.Opened, ct).WaitAsync(ct);
    }

    public static void Unsafe(WorkerSocket s)
    {
        ThreadPool.UnsafeQueueUserWorkItem(_ => Console.WriteLine(s.Upgraded), null); // expect: WSK003
    }

    public static void Fire(WorkerSocket s)
    {
        Task.Run(() => Console.WriteLine(s.Upgraded)); // expect: WSK003
    }

    public static async Task Forgotten(WorkerSocket s)
    {
        var work = Task.Run(() => Console.WriteLine(s.Upgraded)); // expect: WSK003
        await Task.Delay(1);
    }

    public static async Task MethodGroup(WorkerSocket s)
    {
        await Task.Run(() => Parse(s));
    }

    private static void Parse(WorkerSocket s) => Console.WriteLine(s.SecureTransport);

    public static async Task LocalFunctionToRun(WorkerSocket s)
    {
        _ = Task.Run(Work); // expect: WSK003
        await Task.Yield();

        void Work() => Console.WriteLine(s.Upgraded);
    }
}
