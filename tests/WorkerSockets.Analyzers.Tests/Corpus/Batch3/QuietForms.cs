// Batch 3: forms that must stay quiet — run-time options, out parameters, maps closed in finally, the Stream view disposed, alias chains, goto retries.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch3.QuietForms;

public static class QuietForms
{
    public static async Task RuntimeOptionAsync(string host, bool tls)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = tls ? SecureTransport.StartTls : SecureTransport.Off });
        await using var upgraded = socket.StartTls();
    }

    public static async Task OptionsInBranchesAsync(string host, bool tls)
    {
        SocketOptions options;
        if (tls) options = new SocketOptions { SecureTransport = SecureTransport.StartTls };
        else options = new SocketOptions();
        var socket = Sockets.Connect(host, 587, options);
        await using var upgraded = socket.StartTls();
    }

    public static async Task TryOpenAsync(string host)
    {
        if (TryOpen(host, out var s))
        {
            await s.Opened;
        }
    }

    private static bool TryOpen(string h, out WorkerSocket s)
    {
        s = Sockets.Connect(h, 1);
        return true;
    }

    public static async Task MapAsync(string[] keys)
    {
        var map = new Dictionary<string, WorkerSocket>();
        try
        {
            map["a"] = Sockets.Connect("a", 1);
            map["b"] = Sockets.Connect("b", 1);
            await map["a"].Opened;
        }
        finally
        {
            foreach (var s in map.Values) await s.CloseAsync();
        }
    }

    public static async Task StreamDisposeAsync(string host)
    {
        var socket = Sockets.Connect(host, 1);
        await using var stream = socket.Stream;
        await stream.FlushAsync();
    }

    public static async Task AliasChainAsync(string host)
    {
        var a = Sockets.Connect(host, 1);
        var b = a;
        var c = b;
        await c.CloseAsync();
    }

    public static async Task WhenAllCloseAsync(string host)
    {
        var a = Sockets.Connect(host, 1);
        var b = Sockets.Connect(host, 2);
        await Task.WhenAll(a.CloseAsync(), b.CloseAsync());
    }

    public static async Task ConditionalConnectAsync(string host, bool secure)
    {
        await using var s = secure ? Sockets.Connect(host, 6380, new SocketOptions { SecureTransport = SecureTransport.On }) : Sockets.Connect(host, 6379);
        await s.Opened;
    }

    public static async Task StartTlsFromCtorOptionsAsync(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls };
        var a = Sockets.Connect(host, 1, options);
        var b = Sockets.Connect(host, 2, options);
        await using var ta = a.StartTls();
        await using var tb = b.StartTls();
    }

    public static async Task UsingInsideIfAsync(string host, bool flag)
    {
        var s = Sockets.Connect(host, 1);
        if (flag)
        {
            await using (s) { await s.Opened; }
        }
        else
        {
            await s.CloseAsync();
        }
    }

    public static async Task ReturnInsideLockLikeAsync(string host)
    {
        var s = Sockets.Connect(host, 1);
        using (new System.Threading.CancellationTokenSource())
        {
            await s.Opened;
        }
        await s.CloseAsync();
    }

    public static async Task GotoLoopAsync(string host)
    {
        var tries = 0;
    again:
        var s = Sockets.Connect(host, 1);
        try { await s.Opened; }
        catch { await s.CloseAsync(); if (++tries < 3) goto again; throw; }
        await s.CloseAsync();
    }

    public static async Task UsesSocketInfoAsync(string host)
    {
        await using var s = Sockets.Connect(host, 1);
        var info = await s.Opened;
        _ = info with { LocalAddress = "x" };
    }
}
