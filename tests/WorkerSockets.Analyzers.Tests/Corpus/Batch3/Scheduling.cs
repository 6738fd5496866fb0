// Batch 3: background work — timers, the thread pool, threads, and what keeps work inside the request.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch3.Scheduling;

public static class Heartbeats
{
    public static async Task StartTimerAsync(string host)
    {
        var socket = Sockets.Connect(host, 7700);
        await socket.Opened;
        var timer = new Timer(_ => socket.Writable.WriteAsync(new byte[] { 0 }), null, 1000, 1000); // expect: WSK003
        GC.KeepAlive(timer);
    }

    public static async Task QueueAsync(string host)
    {
        var socket = Sockets.Connect(host, 7700);
        await socket.Opened;
        ThreadPool.QueueUserWorkItem(_ => socket.CloseAsync()); // expect: WSK003, WSK002
    }

    public static void StartThread(WorkerSocket socket)
    {
        var thread = new Thread(() => socket.Writable.Complete()); // expect: WSK003
        thread.Start();
    }

    public static async Task FactoryStartNewAwaitedAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 7700);
        await Task.Factory.StartNew(() => socket.Upgraded, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
    }

    public static async Task FactoryStartNewForgottenAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 7700);
        _ = Task.Factory.StartNew(() => socket.Writable.Complete()); // expect: WSK003
        await socket.Opened;
    }

    public static async Task KeptInLocalThenAwaitedAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 7700);
        var work = Task.Run(async () => await socket.Writable.WriteAsync(new byte[] { 1 }));
        await socket.Opened;
        await work;
    }

    public static async Task ManyAwaitedTogetherAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 7700);
        var work = new List<Task>
        {
            Task.Run(() => socket.Upgraded),
            Task.Run(() => socket.SecureTransport),
        };
        await Task.WhenAll(work);
    }

    public static void HandedToWaitUntil(WorkerSocket socket, WorkerContext ctx)
    {
        var flush = Task.Run(async () =>
        {
            await socket.Writable.FlushAsync();
            await socket.CloseAsync();
        });
        ctx.WaitUntil(flush);
    }

    // Started, kept in a local, but never awaited nor handed to the request.
    public static async Task StartedNotAwaitedAsync(string host)
    {
        var socket = Sockets.Connect(host, 7700);
        await socket.Opened;
        var work = Task.Run(async () => // expect: WSK003
        {
            await socket.Writable.WriteAsync(new byte[] { 2 });
            await socket.CloseAsync();
        });
        Console.WriteLine(work.Status);
    }

    // Work that does not capture any socket.
    public static void Unrelated() => _ = Task.Run(() => Console.WriteLine("tick"));
}
