// Scopes that end sockets before the next opens (WSK008 must stay quiet) and synchronous members that block or drop.
using System;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Scopes;

static class Blocks
{
    public static async Task SevenNestedScopes(string host)
    {
        { await using var s1 = Sockets.Connect(host, 7001); await s1.Opened; }
        { await using var s2 = Sockets.Connect(host, 7002); await s2.Opened; }
        { await using var s3 = Sockets.Connect(host, 7003); await s3.Opened; }
        { await using var s4 = Sockets.Connect(host, 7004); await s4.Opened; }
        { await using var s5 = Sockets.Connect(host, 7005); await s5.Opened; }
        { await using var s6 = Sockets.Connect(host, 7006); await s6.Opened; }
        { await using var s7 = Sockets.Connect(host, 7007); await s7.Opened; }
    }

    public static async Task SevenTryFinally(string host)
    {
        var a = Sockets.Connect(host, 7001); try { await a.Opened; } finally { await a.CloseAsync(); }
        var b = Sockets.Connect(host, 7002); try { await b.Opened; } finally { await b.CloseAsync(); }
        var c = Sockets.Connect(host, 7003); try { await c.Opened; } finally { await c.CloseAsync(); }
        var d = Sockets.Connect(host, 7004); try { await d.Opened; } finally { await d.CloseAsync(); }
        var e = Sockets.Connect(host, 7005); try { await e.Opened; } finally { await e.CloseAsync(); }
        var f = Sockets.Connect(host, 7006); try { await f.Opened; } finally { await f.CloseAsync(); }
        var g = Sockets.Connect(host, 7007); try { await g.Opened; } finally { await g.CloseAsync(); }
    }

    public static async Task SevenUsingStatements(string host)
    {
        await using (var s1 = Sockets.Connect(host, 7001)) { await s1.Opened; }
        await using (var s2 = Sockets.Connect(host, 7002)) { await s2.Opened; }
        await using (var s3 = Sockets.Connect(host, 7003)) { await s3.Opened; }
        await using (var s4 = Sockets.Connect(host, 7004)) { await s4.Opened; }
        await using (var s5 = Sockets.Connect(host, 7005)) { await s5.Opened; }
        await using (var s6 = Sockets.Connect(host, 7006)) { await s6.Opened; }
        await using (var s7 = Sockets.Connect(host, 7007)) { await s7.Opened; }
    }

    public static async Task SevenNestedUsingStatements(string host)
    {
        await using (var s1 = Sockets.Connect(host, 7001))
        await using (var s2 = Sockets.Connect(host, 7002))
        await using (var s3 = Sockets.Connect(host, 7003))
        await using (var s4 = Sockets.Connect(host, 7004))
        await using (var s5 = Sockets.Connect(host, 7005))
        await using (var s6 = Sockets.Connect(host, 7006))
        await using (var s7 = Sockets.Connect(host, 7007)) // expect: WSK008
        {
            await Task.WhenAll(s1.Opened, s2.Opened, s3.Opened, s4.Opened, s5.Opened, s6.Opened, s7.Opened);
        }
    }
}

sealed class SyncFacade : IDisposable
{
    private readonly WorkerSocket socket;

    public SyncFacade(string host)
    {
        socket = Sockets.Connect(host, 5432);
        socket.Opened.Wait(); // expect: WSK009
    }

    public string? Remote
    {
        get => socket.Opened.Result.RemoteAddress; // expect: WSK009
        set => socket.CloseAsync(); // expect: WSK002
    }

    public void Dispose() => socket.DisposeAsync().AsTask().GetAwaiter().GetResult(); // expect: WSK009

    public static SyncFacade operator +(SyncFacade left, SyncFacade right)
    {
        right.socket.CloseAsync(); // expect: WSK002
        return left;
    }
}
