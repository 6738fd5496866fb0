// Batch 6, fourth round (annotated from the pages; where a page is silent, by what a user would expect, noted inline):
// LINQ fan-out, combinators over close tasks, enum and constant ports, statics initialized through factories.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.FanOutAndStatics;

public enum WellKnownPort
{
    Smtp = 25,
    Http = 80,
    Submission = 587,
}

public static class FanOut
{
    // Every shard's socket is kept in an array for a later round (a for loop storing into elements).
    public static async Task<long> ArrayOfSocketsAsync(string[] shards)
    {
        var sockets = new WorkerSocket[shards.Length];
        for (var i = 0; i < shards.Length; i++)
        {
            sockets[i] = Sockets.Connect(shards[i], 5432); // expect: WSK008
        }

        long total = 0;
        foreach (var socket in sockets)
        {
            var info = await socket.Opened;
            total += info.RemoteAddress?.Length ?? 0;
            await socket.CloseAsync();
        }

        return total;
    }

    // Each lambda opens, uses and closes its own socket: fine.
    public static Task<int[]> ParallelLambdasAsync(IEnumerable<string> hosts) =>
        Task.WhenAll(hosts.Select(async host =>
        {
            await using var socket = Sockets.Connect(host, 7000);
            var read = await socket.Readable.ReadAsync();
            return (int)read.Buffer.Length;
        }));

    // Closing two sockets through a combinator that is itself dropped: the closes are never waited for. The WSK002 page
    // follows continuation chains only and says a close passed into Task.WhenAll/WhenAny is not followed: quiet by the page.
    public static void CloseBothAndForget(WorkerSocket a, WorkerSocket b)
    {
        _ = Task.WhenAll(a.CloseAsync(), b.CloseAsync());
    }

    public static async Task CloseBothAsync(WorkerSocket a, WorkerSocket b) => await Task.WhenAll(a.CloseAsync(), b.CloseAsync());
}

public static class PortConstants
{
    public static async Task EnumPortAsync(string host)
    {
        await using var socket = Sockets.Connect(host, (int)WellKnownPort.Smtp); // expect: WSK001
        await socket.Opened;
    }

    public static async Task EnumHttpPortAsync(string host)
    {
        await using var socket = Sockets.Connect(new DnsEndPoint(host, (int)WellKnownPort.Http)); // expect: WSK010
        await socket.Opened;
    }

    public static async Task LocalConstAsync(string host)
    {
        const int SmtpPort = 25;
        await using var socket = Sockets.Connect(host + ":" + SmtpPort); // expect: WSK001
        await socket.Opened;
    }

    private static readonly int s_configuredPort = 25;

    // static readonly is not a compile-time constant: the pages say "const" (not known at compile time here).
    public static async Task StaticReadonlyPortAsync(string host)
    {
        await using var socket = Sockets.Connect(host, s_configuredPort);
        await socket.Opened;
    }

    public static async Task SubmissionEnumAsync(string host)
    {
        await using var socket = Sockets.Connect(host, (int)WellKnownPort.Submission, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await socket.Opened;
    }
}

public static class OptionsForms
{
    public static async Task ExplicitOffAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.Off });
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    public static async Task NullLocalOptionsAsync(string host)
    {
        SocketOptions? options = null;
        var socket = Sockets.Connect(host, 587, options);
        await using var tls = socket.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task NamedOptionsAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, options: new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        await tls.Opened;
    }

    public static async Task ReassignedOptionsAsync(string host, bool halfOpen)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls };
        options = options with { AllowHalfOpen = halfOpen };
        var socket = Sockets.Connect(host, 587, options);
        await using var tls = socket.StartTls();
        await tls.Opened;
    }
}

public static class AfterUpgrade
{
    public static async Task FlushOldAsync(WorkerSocket socket)
    {
        var tls = socket.StartTls();
        await socket.Writable.FlushAsync(); // expect: WSK006
        await tls.CloseAsync();
    }

    public static async Task CompleteOldAsync(WorkerSocket socket)
    {
        await using var tls = socket.StartTls();
        socket.Writable.Complete(); // expect: WSK006
        await tls.Opened;
    }
}

public static class BlockingForms
{
    public static string Remote(WorkerSocket socket) => socket.Opened.Result.RemoteAddress ?? ""; // expect: WSK009

    public static void WaitArray(WorkerSocket a, WorkerSocket b) => Task.WaitAll(new Task[] { a.Opened, b.Opened }); // expect: WSK009

    public static bool Done(WorkerSocket socket) => socket.Closed.Wait(0); // expect: WSK009
}

public static class GlobalForms
{
    private static WorkerSocket s_mutable = Sockets.Connect("cache.internal:6379"); // expect: WSK004

    public static WorkerSocket Current => s_mutable;

    public static void Touch() => s_mutable = null!;
}
