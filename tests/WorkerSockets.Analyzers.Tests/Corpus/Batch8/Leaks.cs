// Batch 8: sockets some path never closes (docs/rules/WSK007.md), copied from the page's examples and varied: renamed
// locals, explicit types, helpers, try/catch, ConfigureAwait, Task<T> vs ValueTask<T>. Written from the rule page alone.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Leaks;

public static class Proto
{
    public static async Task SendAsync(WorkerSocket socket, string line) =>
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\n")).ConfigureAwait(false);

    public static async Task<bool> HandshakeAsync(WorkerSocket socket)
    {
        await socket.Opened.ConfigureAwait(false);
        return !socket.Upgraded;
    }
}

public static class Wire
{
    public static async Task ShutdownAsync(WorkerSocket socket)
    {
        await Proto.SendAsync(socket, "QUIT").ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static Task AdoptAsync([TakesOwnership] WorkerSocket socket) => Pool.Return(socket);
}

public static class Pool
{
    public static Task Return(WorkerSocket socket) => Task.CompletedTask;
}

public sealed class RedisClient(WorkerSocket socket)
{
    public WorkerSocket Socket { get; } = socket;
}

public static class Factories
{
    public static ValueTask<WorkerSocket> OpenNowAsync(string h) => new(Sockets.Connect(h, 5432));

    public static Task<WorkerSocket> OpenTaskAsync(string h) => Task.FromResult(Sockets.Connect(h, 5432));

    public static WorkerSocket Open(string h) => Sockets.Connect(h, 5432);
}

public sealed class Handlers
{
    private readonly List<WorkerSocket> connections = new();

    public async Task Borrowed(string sql)
    {
        var conn = Sockets.Connect("db.example.com:5432"); // expect: WSK007
        await conn.Writable.WriteAsync(Encoding.UTF8.GetBytes(sql));
        await Proto.SendAsync(conn, "SELECT 1");
    }

    public async Task EarlyReturn()
    {
        var other = Sockets.Connect("db.example.com:5432"); // expect: WSK007
        if (!await Proto.HandshakeAsync(other)) return;
        await other.CloseAsync();
    }

    public async Task EarlyReturnConfigured(bool verbose)
    {
        WorkerSocket peer = Sockets.Connect("db.example.com", 5432); // expect: WSK007
        if (verbose)
        {
            Console.WriteLine("handshake");
        }

        if (!await Proto.HandshakeAsync(peer).ConfigureAwait(false))
        {
            return;
        }

        await peer.CloseAsync().ConfigureAwait(false);
    }

    public async Task Replaced()
    {
        var s = Sockets.Connect("a:5432"); // expect: WSK007
        s = Sockets.Connect("b:5432");
        await s.CloseAsync();
    }

    public async Task OpenedOnly() => await Sockets.Connect("db.example.com:5432").Opened; // expect: WSK007

    public async Task CatchReturns()
    {
        var c = Sockets.Connect("db.example.com:5432"); // expect: WSK007
        try { await c.Opened; } catch (TimeoutException) { return; }
        await c.CloseAsync();
    }

    public async Task CatchSwallows()
    {
        var c = Sockets.Connect("db.example.com:5432"); // expect: WSK007
        try
        {
            await c.Opened;
            await c.CloseAsync();
        }
        catch (TimeoutException)
        {
        }
    }

    public async Task FactoryNeverClosed()
    {
        var r = await Factories.OpenNowAsync("db.example.com"); // expect: WSK007
        await r.Opened;
    }

    public async Task TaskFactoryNeverClosed()
    {
        var r = await Factories.OpenTaskAsync("db.example.com").ConfigureAwait(false); // expect: WSK007
        await r.Opened.ConfigureAwait(false);
    }

    public async Task<WorkerSocket> OpenAsync()
    {
        // The page marks the declaration (its own message: returned after the using disposed it).
        await using var d = Sockets.Connect("db.example.com:5432"); // expect: WSK007
        await d.Opened;
        return d;
    }

    public async Task ClosedInOneBranch(bool ok)
    {
        var s = Sockets.Connect("db.example.com:5432"); // expect: WSK007
        if (ok)
        {
            await s.CloseAsync();
        }
    }

    // Quiet: the page's "does not fire" list, varied.
    public async Task UsingDeclaration()
    {
        await using var socket = Sockets.Connect("db.example.com:5432");
        await socket.Opened;
    }

    public void HandedToWaitUntil(WorkerContext ctx)
    {
        var s = Sockets.Connect("db.example.com:5432");
        ctx.WaitUntil(s.CloseAsync());
    }

    public async Task TryFinally(string sql)
    {
        var t = Sockets.Connect("db.example.com:5432");
        try { await Proto.SendAsync(t, sql); } finally { await t.CloseAsync(); }
    }

    public async Task ClosedByHelper()
    {
        var u = Sockets.Connect("db.example.com:5432");
        await Wire.ShutdownAsync(u);
    }

    public async Task Adopted()
    {
        var a = Sockets.Connect("db.example.com:5432");
        await Wire.AdoptAsync(a);
    }

    public async Task NullPath(bool skip)
    {
        WorkerSocket? v = skip ? null : Sockets.Connect("db.example.com:5432");
        if (v is null) return;
        await v.CloseAsync();
    }

    public WorkerSocket Open() => Sockets.Connect("db.example.com:5432");

    public void Keep() => connections.Add(Sockets.Connect("db.example.com:5432"));

    public RedisClient Redis() => new RedisClient(Sockets.Connect("cache:6379"));

    public async Task ConfiguredUsing()
    {
        var w = Sockets.Connect("db.example.com:5432");
        await using (w.ConfigureAwait(false)) { await w.Opened; }
    }

    public async Task<string?> ReaderCloses()
    {
        var x = Sockets.Connect("pop.example.com:110");
        using var reader = new StreamReader(x.Stream);
        return await reader.ReadLineAsync();
    }

    public HttpResponseMessage Gopher()
    {
        var y = Sockets.Connect("gopher.floodgap.com:70");
        return new HttpResponseMessage { Content = new StreamContent(y.Stream) };
    }

    public async Task CatchRethrows()
    {
        var c = Sockets.Connect("db.example.com:5432");
        try
        {
            await c.Opened;
        }
        catch
        {
            await c.CloseAsync();
            throw;
        }

        await c.CloseAsync();
    }

    public async Task SwitchChosen(string kind)
    {
        var s = kind switch
        {
            "primary" => Sockets.Connect("primary:5432"),
            _ => Sockets.Connect("replica:5432"),
        };
        await using (s)
        {
            await s.Opened;
        }
    }

    public async Task LoggedThenClosed(WorkerContext ctx)
    {
        var s = Sockets.Connect("db.example.com:5432");
        ArgumentNullException.ThrowIfNull(s);
        Console.WriteLine("{0}", s);
        await s.CloseAsync();
    }
}
