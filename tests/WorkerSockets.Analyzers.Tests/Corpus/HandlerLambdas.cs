// Handlers written as lambdas and local functions (minimal-API style registrations), and sockets in objects made per call.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.HandlerLambdas;

sealed class Routes
{
    private readonly Dictionary<string, Func<WorkerContext, Task<string>>> map = new();

    public void Map(string path, Func<WorkerContext, Task<string>> handler) => map[path] = handler;

    public void Register(Hyperdrive db)
    {
        Map("/users", async ctx =>
        {
            var conn = db.Connect(); // expect: WSK007
            await conn.Opened;
            return "users";
        });

        Map("/orders", async ctx =>
        {
            var conn = db.Connect();
            await conn.Opened;
            ctx.WaitUntil(conn.CloseAsync());
            return "orders";
        });

        Map("/ping", async ctx =>
        {
            await using var conn = Sockets.Connect("ping.internal", 7);
            return (await conn.Opened).RemoteAddress ?? "";
        });
    }
}

sealed class Conn
{
    public WorkerSocket? Socket { get; set; }
    public string Name { get; init; } = "";
}

record Channel(WorkerSocket Socket, int Id);

static class PerCall
{
    public static async Task<Conn> InitializerStores(string host)
    {
        var conn = new Conn { Socket = Sockets.Connect(host, 5432), Name = host };
        await conn.Socket.Opened;
        return conn;
    }

    public static Channel Replaced(Channel channel, string host) => channel with { Socket = Sockets.Connect(host, 5432) };

    public static WorkerSocket ByKind(string kind) => kind switch
    {
        "primary" => Sockets.Connect("primary.internal", 5432),
        "replica" => Sockets.Connect("replica.internal", 5432),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static WorkerSocket Fresh
    {
        get
        {
            var s = Sockets.Connect("fresh.internal", 5432);
            return s;
        }
    }

    public static async Task AssignsMember(Conn conn, string host)
    {
        var s = Sockets.Connect(host, 5432);
        conn.Socket = s;
        await s.Opened;
    }

    public static async Task NullForgiving(string host)
    {
        WorkerSocket? s = Sockets.Connect(host, 5432);
        await s!.Opened;
        await s!.CloseAsync();
    }

    public static async Task TimeoutToken(string host)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await using var s = Sockets.Connect(host, 5432);
        await s.Opened.WaitAsync(cts.Token);
    }

    public static async Task<int> LocalFunctionOpens(string[] hosts)
    {
        var total = 0;
        foreach (var host in hosts)
        {
            total += await Measure(host);
        }

        return total;

        static async Task<int> Measure(string host)
        {
            var s = Sockets.Connect(host, 5432);
            try
            {
                return (await s.Opened).RemoteAddress?.Length ?? 0;
            }
            finally
            {
                await s.CloseAsync();
            }
        }
    }

    public static async Task LocalFunctionLeaks(string host)
    {
        await Open();

        async Task Open()
        {
            var s = Sockets.Connect(host, 5432); // expect: WSK007
            await s.Opened;
        }
    }

    public static async Task ListThenForeachClose(string[] hosts)
    {
        var open = new List<WorkerSocket>();
        try
        {
            open.Add(Sockets.Connect(hosts[0], 1));
            open.Add(Sockets.Connect(hosts[1], 2));
            await Task.WhenAll(open.ConvertAll(s => s.Opened));
        }
        finally
        {
            foreach (var s in open)
            {
                await s.CloseAsync();
            }
        }
    }
}
