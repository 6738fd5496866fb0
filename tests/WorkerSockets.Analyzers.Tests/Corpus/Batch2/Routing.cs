// Batch 2: routers with switch statements and switch expressions, and pattern matching on sockets.
using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Routing;

public enum Backend { Primary, Replica, Analytics, Cache }

public sealed class BackendRouter
{
    private static WorkerSocket Open(Backend backend) => backend switch
    {
        Backend.Primary => Sockets.Connect("pg-primary.internal:5432"),
        Backend.Replica => Sockets.Connect("pg-replica.internal:5432"),
        Backend.Analytics => Sockets.Connect("clickhouse.internal", 9000),
        Backend.Cache => Sockets.Connect(new DnsEndPoint("redis.internal", 6379)),
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    public async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, WorkerContext ctx)
    {
        var backend = request.RequestUri?.AbsolutePath switch
        {
            "/orders" => Backend.Primary,
            "/reports" => Backend.Analytics,
            "/session" => Backend.Cache,
            _ => Backend.Replica,
        };

        var socket = Open(backend);
        try
        {
            var info = await socket.Opened;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(info.RemoteAddress ?? "") };
        }
        finally
        {
            ctx.WaitUntil(socket.CloseAsync());
        }
    }

    public async Task<string> HandleInlineAsync(string path)
    {
        await using var socket = path switch
        {
            "/a" => Sockets.Connect("a.internal:7000"),
            "/b" => Sockets.Connect("b.internal:7000"),
            _ => Sockets.Connect("default.internal:7000"),
        };
        return (await socket.Opened).RemoteAddress ?? "";
    }

    // The switch-expression socket is only read, never closed.
    public async Task<string> HandleInlineLeakAsync(string path)
    {
        var socket = path switch
        {
            "/a" => Sockets.Connect("a.internal:7000"), // expect: WSK007
            _ => Sockets.Connect("default.internal:7000"), // expect: WSK007
        };
        return (await socket.Opened).RemoteAddress ?? "";
    }

    public async Task<int> HandleBySwitchStatementAsync(string route, ReadOnlyMemory<byte> payload)
    {
        switch (route)
        {
            case "users":
            {
                await using var s = Sockets.Connect("users.internal:8001");
                await s.Writable.WriteAsync(payload);
                return 1;
            }
            case "orders":
            {
                await using var s = Sockets.Connect("orders.internal:8002");
                await s.Writable.WriteAsync(payload);
                return 2;
            }
            case "billing":
            {
                await using var s = Sockets.Connect("billing.internal:8003");
                await s.Writable.WriteAsync(payload);
                return 3;
            }
            case "search":
            {
                await using var s = Sockets.Connect("search.internal:8004");
                await s.Writable.WriteAsync(payload);
                return 4;
            }
            case "audit":
            {
                await using var s = Sockets.Connect("audit.internal:8005");
                await s.Writable.WriteAsync(payload);
                return 5;
            }
            case "mail":
            {
                await using var s = Sockets.Connect("mail.internal:587");
                await s.Writable.WriteAsync(payload);
                return 6;
            }
            case "metrics":
            {
                await using var s = Sockets.Connect("metrics.internal:8007");
                await s.Writable.WriteAsync(payload);
                return 7;
            }
            case "legacy":
            {
                var s = Sockets.Connect("legacy.internal:8008"); // expect: WSK007
                await s.Writable.WriteAsync(payload);
                return 8;
            }
            default:
                return 0;
        }
    }
}

public static class SocketPatterns
{
    // A socket handed around as object, matched in a switch statement.
    public static async Task<string> DescribeAsync(object resource)
    {
        switch (resource)
        {
            case WorkerSocket { Upgraded: true }:
                return "upgraded";
            case WorkerSocket socket:
                return (await socket.Opened).RemoteAddress ?? "?";
            case null:
                return "none";
            default:
                return resource.GetType().Name;
        }
    }

    public static async Task CloseIfSocketAsync(object resource)
    {
        switch (resource)
        {
            case WorkerSocket socket:
                await socket.CloseAsync();
                break;
            case IAsyncDisposable other:
                await other.DisposeAsync();
                break;
        }
    }

    // A connect whose socket goes through a switch statement on its kind: only one branch closes it.
    public static async Task<string> ProbeKindAsync(string host)
    {
        object resource = Sockets.Connect(host, 7001); // expect: WSK007
        switch (resource)
        {
            case WorkerSocket { SecureTransport: SecureTransport.On } secure:
                await secure.CloseAsync();
                return "tls";
            case WorkerSocket plain:
                await plain.Opened;
                return "plain";
            default:
                return "unknown";
        }
    }

    public static async Task<string> ProbeKindClosedAsync(string host)
    {
        object resource = Sockets.Connect(host, 7001);
        switch (resource)
        {
            case WorkerSocket { SecureTransport: SecureTransport.On } secure:
                await secure.CloseAsync();
                return "tls";
            case WorkerSocket plain:
                await plain.CloseAsync();
                return "plain";
            default:
                return "unknown";
        }
    }

    public static async Task<bool> MaybeAsync(WorkerSocket? maybe)
    {
        if (maybe is { } socket && !socket.Upgraded)
        {
            await socket.Opened;
            return true;
        }

        return false;
    }

    public static async Task<string> OpenedIfAnyAsync(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 7002);
        if (socket is { } open)
        {
            var info = await open.Opened;
            await open.CloseAsync();
            return info.RemoteAddress ?? "";
        }

        return "skipped";
    }
}
