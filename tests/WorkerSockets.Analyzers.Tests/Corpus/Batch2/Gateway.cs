// Batch 2: a TCP gateway worker — forwarding between an inbound and an outbound socket, with timeouts.
using System;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Gateway;

public sealed class Env
{
    public string Upstream { get; init; } = "backend.internal:6379";
}

[Worker]
public sealed partial class GatewayWorker
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);
    private long _forwarded;

    public async ValueTask Connect(WorkerSocket inbound, Env env, WorkerContext ctx)
    {
        await using var upstream = Sockets.Connect(env.Upstream);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        await upstream.Opened.WaitAsync(timeout.Token);
        var up = inbound.Readable.CopyToAsync(upstream.Writable);
        var down = upstream.Readable.CopyToAsync(inbound.Writable);
        await Task.WhenAny(up, down);
        Interlocked.Increment(ref _forwarded);
    }

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        var upstream = Sockets.Connect(env.Upstream);
        try
        {
            await upstream.Opened.WaitAsync(ConnectTimeout);
        }
        catch (TimeoutException)
        {
            ctx.WaitUntil(upstream.CloseAsync());
            return new HttpResponseMessage(HttpStatusCode.GatewayTimeout);
        }

        if (request.Content is { } content)
        {
            await content.CopyToAsync(upstream.Stream);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(upstream.Stream),
        };
        ctx.WaitUntil(CloseAfterAsync(upstream, response));
        return response;
    }

    private static async Task CloseAfterAsync(WorkerSocket socket, HttpResponseMessage response)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync();
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    // Forwards to a second upstream but loses it on the timeout path.
    public async Task<HttpResponseMessage> Mirror(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        var mirror = Sockets.Connect("mirror.internal", 6380); // expect: WSK007
        try
        {
            await mirror.Opened.WaitAsync(ConnectTimeout);
        }
        catch (TimeoutException)
        {
            return new HttpResponseMessage(HttpStatusCode.Accepted);
        }

        ctx.WaitUntil(mirror.CloseAsync());
        return new HttpResponseMessage(HttpStatusCode.OK);
    }

    // Starts the copy in the background and returns.
    public async Task<HttpResponseMessage> Tunnel(WorkerSocket inbound, Env env)
    {
        var upstream = Sockets.Connect(env.Upstream);
        await upstream.Opened;
        _ = Task.Run(() => upstream.Readable.CopyToAsync(inbound.Writable)); // expect: WSK003
        return new HttpResponseMessage(HttpStatusCode.SwitchingProtocols);
    }

    // Background copy kept in the request by WaitUntil.
    public async Task<HttpResponseMessage> TunnelKept(WorkerSocket inbound, Env env, WorkerContext ctx)
    {
        var upstream = Sockets.Connect(env.Upstream);
        await upstream.Opened;
        var pump = Task.Run(async () =>
        {
            await upstream.Readable.CopyToAsync(inbound.Writable);
            await upstream.CloseAsync();
        });
        ctx.WaitUntil(pump);
        return new HttpResponseMessage(HttpStatusCode.SwitchingProtocols);
    }

    public long Forwarded => Interlocked.Read(ref _forwarded);
}
