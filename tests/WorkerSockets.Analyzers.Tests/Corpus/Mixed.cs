// A mixed bag from code review: finally blocks around upgrades, static collections built at start-up, constants
// held in locals, branches that each open, spin-waits and fire-and-forget helpers.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Mixed;

static class StartupTables
{
    public static readonly WorkerSocket[] Pinned = { Sockets.Connect("a.internal:1") }; // expect: WSK004
    public static readonly Dictionary<string, WorkerSocket> ByName = new() { ["b"] = Sockets.Connect("b.internal:2") }; // expect: WSK004
    public static readonly List<Func<WorkerSocket>> Dialers = new() { () => Sockets.Connect("c.internal:3") };
}

static class Review
{
    public static async Task CloseOldInFinally(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        try
        {
            await using var tls = plain.StartTls();
            await tls.Opened;
        }
        finally
        {
            await plain.CloseAsync(); // expect: WSK006
        }
    }

    public static async Task LocalConstantAddress(string host)
    {
        var address = "mail.example.com:25";
        await using var s = Sockets.Connect(address); // expect: WSK001
        const int port = 25;
        await using var t = Sockets.Connect($"{host}:{port}"); // expect: WSK001
        await using var u = Sockets.Connect(host + ":25"); // expect: WSK001
        await Task.WhenAll(s.Opened, t.Opened, u.Opened);
    }

    public static async Task EachBranchOpens(string host, bool secure)
    {
        WorkerSocket s;
        if (secure)
        {
            s = Sockets.Connect(host, 6380, new SocketOptions { SecureTransport = SecureTransport.On });
        }
        else
        {
            s = Sockets.Connect(host, 6379);
        }

        await s.Opened;
        await s.CloseAsync();
    }

    public static async Task EarlyReturnOnStatus(string host)
    {
        var s = Sockets.Connect(host, 6379); // expect: WSK007
        if (!s.Opened.IsCompletedSuccessfully)
        {
            return;
        }

        await s.CloseAsync();
    }

    public static async Task ThrowIsNotANormalPath(string host, bool bad)
    {
        var s = Sockets.Connect(host, 6379);
        await s.Opened;
        if (bad)
        {
            throw new InvalidOperationException("bad state");
        }

        await s.CloseAsync();
    }

    public static bool SpinUntilOpen(WorkerSocket s) => SpinWait.SpinUntil(() => s.Opened.IsCompleted, 100);

    public static void Spawn(WorkerSocket s) => _ = Task.Run(() => s.Opened); // expect: WSK003

    public static void SpawnUnrelated() => _ = Task.Run(() => Console.WriteLine("tick"));

    public static SocketInfo BlockOnClosedOrOpened(WorkerSocket s)
    {
        s.Closed.GetAwaiter().GetResult(); // expect: WSK009
        return s.Opened.IsCompletedSuccessfully ? s.Opened.GetAwaiter().GetResult() : new SocketInfo(null, null); // expect: WSK009
    }

    public static async Task WebSocketOverTls(string host)
    {
        await using var s = Sockets.Connect(host + ":443", null); // expect: WSK010
        await s.Opened;
    }

    public static async Task LockedDrop(WorkerSocket s)
    {
        var gate = new object();
        lock (gate)
        {
            _ = s.CloseAsync(); // expect: WSK002
        }

        await Task.Yield();
    }
}
