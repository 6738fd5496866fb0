// Batch 5: probes written after the analyzers were read: STARTTLS flows, options forms, blocking and dropped closes.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.ProbesTls;

public static class P
{
    private static readonly SocketOptions Upgrade = new() { SecureTransport = SecureTransport.StartTls };

    public static async Task A(string host)
    {
        await using var socket = Sockets.Connect(host, 1, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        await tls.Opened;
    }

    public static async Task B(string host)
    {
        var socket = Sockets.Connect(host, 1, Upgrade);
        var tls = socket.StartTls();
        var reader = socket.Readable; // expect: WSK006
        await tls.CloseAsync();
        _ = reader;
    }

    public static async Task C(string host, bool upgrade)
    {
        var socket = Sockets.Connect(host, 1, Upgrade);
        if (upgrade)
        {
            var tls = socket.StartTls();
            await tls.CloseAsync();
            return;
        }

        await socket.CloseAsync();
    }

    public static async Task D(string host)
    {
        var socket = Sockets.Connect(host, 1, Upgrade);
        var tls = socket.StartTls();
        await tls.CloseAsync();
        await socket.Writable.FlushAsync(); // expect: WSK006
    }

    public static async Task E(string host)
    {
        var socket = Sockets.Connect(host, 1, Upgrade);
        var tls = socket.StartTls();
        try
        {
            await tls.Opened;
        }
        finally
        {
            await tls.DisposeAsync();
        }

        Console.WriteLine(socket.Upgraded);
    }

    public static async Task F(string host)
    {
        WorkerSocket socket = Sockets.Connect(host, 1, Upgrade);
        socket = socket.StartTls();
        socket = socket.StartTls(); // a TLS socket upgraded again: the pages promise nothing here
        await socket.CloseAsync();
    }

    public static async Task G(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.On };
        var socket = Sockets.Connect(host, 1, options);
        await using var tls = socket.StartTls(); // expect: WSK005
    }

    public static async Task H(string host, SocketOptions options)
    {
        var socket = Sockets.Connect(host, 1, options);
        await using var tls = socket.StartTls();
    }

    public static async Task I(string host)
    {
        var socket = Sockets.Connect(host, 1, new() { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
    }

    public static async Task J(string host)
    {
        var socket = Sockets.Connect(host, 1, new() { AllowHalfOpen = true });
        await using var tls = socket.StartTls(); // expect: WSK005
    }

    public static void K(WorkerSocket s)
    {
        var opened = s.Opened;
        var info = opened.Result; // expect: WSK009
        Console.WriteLine(info);
    }

    public static void L(WorkerSocket s)
    {
        var closing = s.CloseAsync();
        closing.GetAwaiter().GetResult(); // expect: WSK009
    }

    public static int M(WorkerSocket s) => s.Opened.Result.RemoteAddress?.Length ?? 0; // expect: WSK009

    public static void N(WorkerSocket? s)
    {
        _ = s?.CloseAsync(); // expect: WSK002
    }

    public static async Task O(WorkerSocket a, WorkerSocket b)
    {
        var closes = new List<Task> { a.CloseAsync(), b.CloseAsync() };
        await Task.WhenAll(closes);
    }

    public static Task Q(WorkerSocket a) => a.DisposeAsync().AsTask();

    public static async ValueTask R(WorkerSocket a)
    {
        await a.DisposeAsync().ConfigureAwait(false);
    }

    public static void S(IEnumerable<WorkerSocket> all)
    {
        foreach (var s in all)
        {
            s.DisposeAsync(); // expect: WSK002
        }
    }
}
