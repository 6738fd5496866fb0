// Lambdas, local functions, generic helpers and extension methods around sockets.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.LambdasAndGenerics;

static class SocketExtensions
{
    public static async Task WriteLineAsync(this WorkerSocket socket, string line)
        => await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public static async Task QuitAsync(this WorkerSocket socket)
    {
        await socket.WriteLineAsync("QUIT");
        await socket.CloseAsync();
    }

    public static WorkerSocket Traced(this WorkerSocket socket)
    {
        Console.WriteLine(socket.SecureTransport);
        return socket;
    }
}

static class With
{
    public static async Task<T> Socket<T>(string host, int port, Func<WorkerSocket, Task<T>> body)
    {
        await using var s = Sockets.Connect(host, port);
        return await body(s);
    }

    public static async Task<T> Borrowed<T>(WorkerSocket socket, Func<WorkerSocket, Task<T>> body) => await body(socket);

    public static T Identity<T>(T value) => value;
}

static class Uses
{
    public static Task<int> ViaGenericHelper(string host)
        => With.Socket(host, 5432, async s => (await s.Opened).RemoteAddress?.Length ?? 0);

    public static async Task ExtensionBorrows(string host)
    {
        var s = Sockets.Connect(host, 6379); // expect: WSK007
        await s.WriteLineAsync("PING");
    }

    public static async Task ExtensionCloses(string host)
    {
        var s = Sockets.Connect(host, 6379);
        await s.WriteLineAsync("PING");
        await s.QuitAsync();
    }

    public static async Task FluentReturnsIt(string host)
    {
        await using var s = Sockets.Connect(host, 6379).Traced();
        await s.Opened;
    }

    public static async Task LocalFunctionCloses(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened;
        await Done();

        async Task Done() => await s.CloseAsync();
    }

    public static async Task StaticLocalFunctionBorrows(string host)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        await Ping(s);

        static async Task Ping(WorkerSocket socket) => await socket.Writable.WriteAsync(new byte[] { 0 });
    }

    public static async Task StaticLocalFunctionOwns(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await Close(s);

        static Task Close(WorkerSocket socket) => socket.CloseAsync();
    }

    public static Func<Task> Deferred(string host)
    {
        var s = Sockets.Connect(host, 5432);
        return async () =>
        {
            await s.Opened;
            await s.CloseAsync();
        };
    }

    public static async Task LambdaOpensAndLeaks(string host)
    {
        Func<Task> work = async () =>
        {
            var inner = Sockets.Connect(host, 5432); // expect: WSK007
            await inner.Opened;
        };
        await work();
    }

    public static async Task LambdaOpensAndCloses(string host)
    {
        Func<Task<bool>> probe = async () =>
        {
            await using var inner = Sockets.Connect(host, 5432);
            return (await inner.Opened).RemoteAddress is not null;
        };
        await probe();
    }

    public static async Task DelegateBorrows(string host, Func<WorkerSocket, Task> handler)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        await handler(s);
    }

    public static async Task GenericIdentity(string host)
    {
        var s = With.Identity(Sockets.Connect(host, 5432));
        await s.CloseAsync();
    }

    public static async Task TraceAndClose(string host)
    {
        var s = Sockets.Connect(host, 5432);
        Console.WriteLine(s);
        GC.KeepAlive(s);
        await s.CloseAsync();
    }

    public static async Task<int> BorrowedHelperThenClose(string host)
    {
        var s = Sockets.Connect(host, 5432);
        var n = await With.Borrowed(s, async x => (await x.Opened).RemoteAddress?.Length ?? 0);
        await s.CloseAsync();
        return n;
    }

    public static Action DropsInAction(WorkerSocket s) => () => s.CloseAsync(); // expect: WSK002

    public static Func<Task> KeepsInFunc(WorkerSocket s) => () => s.CloseAsync();

    public static async Task TakesOwnershipMarker(string host)
    {
        var s = Sockets.Connect(host, 5432);
        Adopt(s);
        await Task.Yield();
    }

    private static readonly List<WorkerSocket> Adopted = new();

    private static void Adopt([TakesOwnership] WorkerSocket s) => Console.WriteLine(s);
}
