// Batch 6: handlers that validate, connect, and bail out early on errors — where the closes go missing.
using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.EarlyReturns;

public sealed class Env
{
    public string Backend { get; init; } = "backend.internal:9000";
    public bool Enabled { get; init; } = true;
}

public static class Handlers
{
    private static HttpResponseMessage Status(HttpStatusCode code, string text) => new(code) { Content = new StringContent(text) };

    private static async Task<bool> HandshakeAsync(WorkerSocket socket)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("HELLO\n"));
        var read = await socket.Readable.ReadAsync();
        var ok = read.Buffer.Length > 0;
        socket.Readable.AdvanceTo(read.Buffer.End);
        return ok;
    }

    // Validation before the connect: returns early without a socket, fine.
    public static async Task<HttpResponseMessage> ValidateFirstAsync(HttpRequestMessage request, Env env)
    {
        if (request.Method != HttpMethod.Post)
        {
            return Status(HttpStatusCode.MethodNotAllowed, "POST only");
        }

        await using var socket = Sockets.Connect(env.Backend);
        return await HandshakeAsync(socket) ? Status(HttpStatusCode.OK, "ok") : Status(HttpStatusCode.BadGateway, "handshake");
    }

    // Handshake failure returns before the close.
    public static async Task<HttpResponseMessage> HandshakeEarlyReturnAsync(Env env)
    {
        var socket = Sockets.Connect(env.Backend); // expect: WSK007
        if (!await HandshakeAsync(socket))
        {
            return Status(HttpStatusCode.BadGateway, "handshake failed");
        }

        await socket.CloseAsync();
        return Status(HttpStatusCode.OK, "ok");
    }

    // Guard clause with ArgumentNullException.ThrowIfNull on the socket: a borrow; then a throw path (not followed).
    public static async Task<HttpResponseMessage> GuardsAsync(Env env, byte[]? payload)
    {
        var socket = Sockets.Connect(env.Backend);
        ArgumentNullException.ThrowIfNull(socket);
        if (payload is null)
        {
            await socket.CloseAsync();
            throw new ArgumentNullException(nameof(payload));
        }

        await socket.Writable.WriteAsync(payload);
        await socket.CloseAsync();
        return Status(HttpStatusCode.OK, "sent");
    }

    // Feature flag checked after the connect; the disabled path forgets the socket.
    public static async Task<HttpResponseMessage> FlagAfterConnectAsync(Env env)
    {
        var socket = Sockets.Connect(env.Backend); // expect: WSK007
        if (!env.Enabled)
        {
            return Status(HttpStatusCode.ServiceUnavailable, "disabled");
        }

        try
        {
            await HandshakeAsync(socket);
        }
        finally
        {
            await socket.CloseAsync();
        }

        return Status(HttpStatusCode.OK, "ok");
    }

    // Nullable socket chosen by a flag; the null path returns early.
    public static async Task<HttpResponseMessage> OptionalSocketAsync(Env env)
    {
        WorkerSocket? socket = env.Enabled ? Sockets.Connect(env.Backend) : null;
        if (socket is null)
        {
            return Status(HttpStatusCode.NoContent, "skipped");
        }

        await HandshakeAsync(socket);
        await socket.CloseAsync();
        return Status(HttpStatusCode.OK, "ok");
    }

    // Switch expression picks the backend; one socket, one await using block.
    public static async Task<HttpResponseMessage> PickBackendAsync(string region)
    {
        var socket = region switch
        {
            "eu" => Sockets.Connect("eu.backend.internal:9000"),
            "us" => Sockets.Connect("us.backend.internal:9000"),
            _ => Sockets.Connect("backend.internal:9000"),
        };
        await using (socket)
        {
            return await HandshakeAsync(socket) ? Status(HttpStatusCode.OK, region) : Status(HttpStatusCode.BadGateway, region);
        }
    }

    // Switch expression, but the unknown-region arm returns before the close.
    public static async Task<HttpResponseMessage> PickBackendLeakyAsync(string region)
    {
        // Reported on each connect arm (the page says so; earlier batches expect the same).
        var socket = region switch
        {
            "eu" => Sockets.Connect("eu.backend.internal:9000"), // expect: WSK007
            _ => Sockets.Connect("backend.internal:9000"), // expect: WSK007
        };
        if (region.Length > 2)
        {
            return Status(HttpStatusCode.BadRequest, "region");
        }

        await socket.CloseAsync();
        return Status(HttpStatusCode.OK, region);
    }

    // A `using` over a try/catch that converts errors to responses: every path closes.
    public static async Task<HttpResponseMessage> CatchToResponseAsync(Env env)
    {
        await using var socket = Sockets.Connect(env.Backend);
        try
        {
            await socket.Opened;
        }
        catch (Exception e)
        {
            return Status(HttpStatusCode.BadGateway, e.Message);
        }

        return Status(HttpStatusCode.OK, "ok");
    }

    // Opened awaited in a try before which the socket was connected; the catch returns without closing.
    public static async Task<HttpResponseMessage> CatchLeakyAsync(Env env)
    {
        var socket = Sockets.Connect(env.Backend); // expect: WSK007
        try
        {
            await socket.Opened;
        }
        catch (Exception e)
        {
            return Status(HttpStatusCode.BadGateway, e.Message);
        }

        await socket.CloseAsync();
        return Status(HttpStatusCode.OK, "ok");
    }

    // A local function closes the socket on every return path of the handler.
    public static async Task<HttpResponseMessage> LocalFunctionCloseAsync(Env env)
    {
        var socket = Sockets.Connect(env.Backend);
        if (!await HandshakeAsync(socket))
        {
            return await Done(HttpStatusCode.BadGateway);
        }

        return await Done(HttpStatusCode.OK);

        async Task<HttpResponseMessage> Done(HttpStatusCode code)
        {
            await socket.CloseAsync();
            return Status(code, code.ToString());
        }
    }
}
