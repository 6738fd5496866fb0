// Batch 7 probes, third round (written after reading the analyzers), annotated by the rule pages: constructors in
// source that only read, virtual helpers with a body, readers that close the socket in the callee, interpolation,
// probes closed through WaitUntil, parallel loops and timed waits.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.Probes3;

public sealed class Banner
{
    public Banner(WorkerSocket socket) => Secure = socket.SecureTransport != SecureTransport.Off;

    public bool Secure { get; }
}

public abstract class Client
{
    protected virtual Task SendAsync(WorkerSocket socket, byte[] data) => socket.Writable.WriteAsync(data).AsTask();

    public async Task RunAsync(string host)
    {
        var socket = Sockets.Connect(host, 9000); // expect: WSK007
        await SendAsync(socket, new byte[] { 1 });
    }
}

public static class Lines
{
    public static async Task<string?> ReadBannerAsync(WorkerSocket socket)
    {
        using var reader = new StreamReader(socket.Stream);
        return await reader.ReadLineAsync();
    }
}

public sealed class Handlers
{
    public async Task ConstructorOnlyReads(string host)
    {
        var socket = Sockets.Connect(host, 9000); // expect: WSK007
        var banner = new Banner(socket);
        Console.WriteLine(banner.Secure);
        await socket.Opened;
    }

    public async Task<string?> CalleeReaderClosesIt(string host)
    {
        var socket = Sockets.Connect(host, 110);
        return await Lines.ReadBannerAsync(socket);
    }

    public async Task Interpolated(string host)
    {
        var socket = Sockets.Connect(host, 9000); // expect: WSK007
        Console.WriteLine($"opened {socket}");
        await socket.Opened;
    }

    public async Task ProbesClosedThroughWaitUntil(WorkerContext ctx, string host)
    {
        var a = Sockets.Connect(host, 7001); await a.Opened; ctx.WaitUntil(a.CloseAsync());
        var b = Sockets.Connect(host, 7002); await b.Opened; ctx.WaitUntil(b.CloseAsync());
        var c = Sockets.Connect(host, 7003); await c.Opened; ctx.WaitUntil(c.CloseAsync());
        var d = Sockets.Connect(host, 7004); await d.Opened; ctx.WaitUntil(d.CloseAsync());
        var e = Sockets.Connect(host, 7005); await e.Opened; ctx.WaitUntil(e.CloseAsync());
        var f = Sockets.Connect(host, 7006); await f.Opened; ctx.WaitUntil(f.CloseAsync());
        var g = Sockets.Connect(host, 7007); await g.Opened; ctx.WaitUntil(g.CloseAsync());
    }

    public async Task SixThenOneMoreInBranch(bool extra, string host)
    {
        await using var a = Sockets.Connect(host, 7001);
        await using var b = Sockets.Connect(host, 7002);
        await using var c = Sockets.Connect(host, 7003);
        await using var d = Sockets.Connect(host, 7004);
        await using var e = Sockets.Connect(host, 7005);
        await using var f = Sockets.Connect(host, 7006);
        if (extra)
        {
            await using var g = Sockets.Connect(host, 7007); // expect: WSK008
            await g.Opened;
        }
    }

    public async Task ParallelLoopAwaited(IReadOnlyList<byte[]> chunks, string host)
    {
        await using var socket = Sockets.Connect(host, 9000);
        await Parallel.ForEachAsync(chunks, async (chunk, token) => await socket.Writable.WriteAsync(chunk, token));
    }

    public async Task TimedWait(string host)
    {
        await using var socket = Sockets.Connect(host, 9000);
        await Task.Run(() => socket.Upgraded).WaitAsync(TimeSpan.FromSeconds(5));
    }

    public void ThreadStarted(WorkerSocket socket)
    {
        new Thread(() => Console.WriteLine(socket.Upgraded)).Start(); // expect: WSK003
    }
}
