// Batch 2: local functions, lambdas and closures inside handlers.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.LocalFunctions;

public static class Handlers
{
    public static async Task<string> QueryAsync(string host, string sql, WorkerContext ctx)
    {
        var socket = Open();
        await SendAsync(sql);
        var reply = await ReceiveAsync();
        ctx.WaitUntil(socket.CloseAsync());
        return reply;

        WorkerSocket Open() => Sockets.Connect(host, 5432);

        async Task SendAsync(string text) => await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(text));

        async Task<string> ReceiveAsync()
        {
            var read = await socket.Readable.ReadAsync();
            var text = Encoding.UTF8.GetString(read.Buffer.FirstSpan);
            socket.Readable.AdvanceTo(read.Buffer.End);
            return text;
        }
    }

    // A static local function opens; the caller never closes.
    public static async Task<int> LengthAsync(string host)
    {
        var socket = OpenSocket(host); // expect: WSK007
        var info = await socket.Opened;
        return info.RemoteAddress?.Length ?? 0;

        static WorkerSocket OpenSocket(string h) => Sockets.Connect(h, 5432);
    }

    public static async Task<int> LengthClosedAsync(string host)
    {
        await using var socket = OpenSocket(host);
        var info = await socket.Opened;
        return info.RemoteAddress?.Length ?? 0;

        static WorkerSocket OpenSocket(string h) => Sockets.Connect(h, 5432);
    }

    // The local function inside closes the socket it is given.
    public static async Task PublishAsync(string host, IEnumerable<string> messages)
    {
        var socket = Sockets.Connect(host, 4222);
        foreach (var message in messages)
        {
            await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"PUB events {message.Length}\r\n{message}\r\n"));
        }

        await FinishAsync(socket);

        static async Task FinishAsync(WorkerSocket s)
        {
            await s.Writable.FlushAsync();
            await s.CloseAsync();
        }
    }

    // A local function that only flushes: the socket stays open.
    public static async Task PublishLeakAsync(string host, string message)
    {
        var socket = Sockets.Connect(host, 4222); // expect: WSK007
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(message));
        await FlushAsync(socket);

        static async Task FlushAsync(WorkerSocket s) => await s.Writable.FlushAsync();
    }

    public static Func<Task<string?>> Deferred(string host) => async () =>
    {
        await using var socket = Sockets.Connect(host, 5432);
        return (await socket.Opened).RemoteAddress;
    };

    public static Func<Task> DeferredLeak(string host) => async () =>
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await socket.Opened;
    };

    // Closes in a lambda that is invoked right away.
    public static async Task CloseViaCallbackAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        Func<Task> close = () => socket.CloseAsync();
        await socket.Opened;
        await close();
    }

    public static async Task<string[]> SelectAsync(string[] hosts)
    {
        var tasks = hosts.Take(5).Select(async host =>
        {
            await using var socket = Sockets.Connect(host, 5432);
            return (await socket.Opened).RemoteAddress ?? host;
        });
        return await Task.WhenAll(tasks);
    }

    // A discarded close inside a lambda.
    public static Action CloserFor(WorkerSocket socket) => () => _ = socket.CloseAsync(); // expect: WSK002

    public static async Task RecursiveAsync(string host, int depth)
    {
        if (depth == 0)
        {
            return;
        }

        await using var socket = Sockets.Connect(host, 5432);
        await socket.Opened;
        await Inner(depth - 1);

        Task Inner(int d) => RecursiveAsync(host, d);
    }
}
