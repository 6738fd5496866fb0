// Request handlers: routers with switch statements, pattern matching, null-conditional calls and early returns.
using System;
using System.Net.Http;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Handlers;

sealed class Env
{
    public string DbHost { get; init; } = "db.internal";
    public Hyperdrive? Database { get; init; }
}

[Worker]
sealed partial class ShopWorker
{
    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        switch (request.RequestUri?.AbsolutePath)
        {
            case "/health":
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
            case "/orders":
            {
                var db = Sockets.Connect(env.DbHost, 5432);
                try
                {
                    await db.Opened;
                    return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
                }
                finally
                {
                    ctx.WaitUntil(db.CloseAsync());
                }
            }
            case "/pooled" when env.Database is { } hyperdrive:
            {
                await using var pooled = hyperdrive.Connect();
                await pooled.Opened;
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
            }
            case "/leak":
            {
                var cache = Sockets.Connect(env.DbHost, 6379); // expect: WSK007
                await cache.Opened;
                return new HttpResponseMessage(System.Net.HttpStatusCode.Accepted);
            }
            default:
                return new HttpResponseMessage(System.Net.HttpStatusCode.NotFound);
        }
    }
}

static class Routes
{
    public static async Task<string> ByPattern(object route)
    {
        switch (route)
        {
            case string host when host.EndsWith(".internal", StringComparison.Ordinal):
                await using (var s = Sockets.Connect(host, 7000))
                {
                    return (await s.Opened).RemoteAddress ?? "";
                }
            case int port:
                var local = Sockets.Connect("localhost", port);
                await local.Opened;
                await local.CloseAsync();
                return "ok";
            default:
                return "none";
        }
    }

    public static async Task<bool> EarlyReturnSkipsClose(string host, bool dryRun)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        if (dryRun)
        {
            return false;
        }

        await s.Opened;
        await s.CloseAsync();
        return true;
    }

    public static async Task EarlyReturnAfterClose(string host, bool dryRun)
    {
        var s = Sockets.Connect(host, 5432);
        if (dryRun)
        {
            await s.CloseAsync();
            return;
        }

        await s.Opened;
        await s.DisposeAsync();
    }

    public static async Task NullableChoice(string? host)
    {
        WorkerSocket? s = host is null ? null : Sockets.Connect(host, 5432);
        if (s is not null)
        {
            await s.Opened;
            await s.CloseAsync();
        }
    }

    public static async Task NullCoalescingClose(string host, bool skip)
    {
        WorkerSocket? s = skip ? null : Sockets.Connect(host, 5432);
        await (s?.CloseAsync() ?? Task.CompletedTask);
    }

    public static async Task SwitchWithNullArm(string mode)
    {
        WorkerSocket? s = mode switch
        {
            "tcp" => Sockets.Connect("tcp.internal:9000"),
            "tls" => Sockets.Connect("tls.internal:9001", new SocketOptions { SecureTransport = SecureTransport.On }),
            _ => null,
        };
        if (s is null)
        {
            return;
        }

        await s.Opened;
        await s.CloseAsync();
    }

    public static async Task<string> GuardClause(string host, string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return "";
        }

        await using var s = Sockets.Connect(host, 5432);
        ArgumentNullException.ThrowIfNull(s);
        await s.Opened;
        return query;
    }

    public static async Task ThrowPathIsNotNormal(string host, int retries)
    {
        var s = Sockets.Connect(host, 5432);
        if (retries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(retries));
        }

        await s.CloseAsync();
    }
}
