// Batch 6, eighth round: the six-socket budget across scopes and closes, and background tasks that are or are not awaited.
using System;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.SlotsAndTasks;

public static class Slots
{
    // Six open, one closed, then a seventh: never more than six at once.
    public static async Task SixThenSwapAsync()
    {
        var a = Sockets.Connect("a.internal:7000");
        await using var b = Sockets.Connect("b.internal:7000");
        await using var c = Sockets.Connect("c.internal:7000");
        await using var d = Sockets.Connect("d.internal:7000");
        await using var e = Sockets.Connect("e.internal:7000");
        await using var f = Sockets.Connect("f.internal:7000");
        await a.CloseAsync();
        await using var g = Sockets.Connect("g.internal:7000");
        await g.Opened;
    }

    // Six in an inner block whose usings end before the seventh.
    public static async Task InnerBlockAsync()
    {
        {
            await using var a = Sockets.Connect("a.internal:7000");
            await using var b = Sockets.Connect("b.internal:7000");
            await using var c = Sockets.Connect("c.internal:7000");
            await using var d = Sockets.Connect("d.internal:7000");
            await using var e = Sockets.Connect("e.internal:7000");
            await using var f = Sockets.Connect("f.internal:7000");
            await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened);
        }

        await using var g = Sockets.Connect("g.internal:7000");
        await g.Opened;
    }

    // Seven on one path, with an if in the middle that only adds a branch.
    public static async Task SevenWithBranchAsync(bool verbose)
    {
        await using var a = Sockets.Connect("a.internal:7000");
        await using var b = Sockets.Connect("b.internal:7000");
        await using var c = Sockets.Connect("c.internal:7000");
        if (verbose)
        {
            Console.WriteLine("opening more");
        }

        await using var d = Sockets.Connect("d.internal:7000");
        await using var e = Sockets.Connect("e.internal:7000");
        await using var f = Sockets.Connect("f.internal:7000");
        await using var g = Sockets.Connect("g.internal:7000"); // expect: WSK008
        await g.Opened;
    }
}

public static class BackgroundTasks
{
    private static int Parse(WorkerSocket socket) => socket.SecureTransport == SecureTransport.On ? 1 : 0;

    public static async Task<int> KeptAndAwaitedAsync(WorkerSocket socket)
    {
        var parse = Task.Run(() => Parse(socket));
        await Task.Yield();
        return await parse;
    }

    public static void StartedAndForgotten(WorkerSocket socket)
    {
        var parse = Task.Run(() => Parse(socket)); // expect: WSK003
        Console.WriteLine(parse.Id);
    }

    public static async Task RacedAsync(WorkerSocket socket)
    {
        await Task.WhenAny(Task.Run(() => Parse(socket)), Task.Delay(1000));
    }

    public static Task<int> ReturnedAsync(WorkerSocket socket) => Task.Run(() => Parse(socket));
}
