// Batch 4: minimal-API endpoints whose lambdas open sockets, call into services and defer closes to WaitUntil.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Corpus.Batch4.Hosting;
using WorkerSockets;

namespace Corpus.Batch4.MinimalApi;

public sealed record CacheSettings
{
    public string Host { get; init; } = "cache.internal";

    public int Port { get; init; } = 6379;
}

public static class Endpoints
{
    public static void Map(WebApp app, CacheSettings settings)
    {
        app.MapGet("/ping", async (WorkerContext ctx, CancellationToken ct) =>
        {
            await using var redis = Sockets.Connect(settings.Host, settings.Port);
            await redis.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), ct).ConfigureAwait(false);
            var result = await redis.Readable.ReadAsync(ct).ConfigureAwait(false);
            redis.Readable.AdvanceTo(result.Buffer.End);
            return Results.Ok();
        });

        app.MapGet("/warm", async (WorkerContext ctx) =>
        {
            var redis = Sockets.Connect(settings.Host, settings.Port);
            await redis.Opened.ConfigureAwait(false);
            ctx.WaitUntil(redis.CloseAsync());
            return Results.Ok();
        });

        app.MapGet("/leaky", async (WorkerContext ctx) =>
        {
            var redis = Sockets.Connect(settings.Host, settings.Port); // expect: WSK007
            var info = await redis.Opened.ConfigureAwait(false);
            return Results.Ok(info.RemoteAddress);
        });

        app.MapPost("/flush", async (WorkerContext ctx, string key) =>
        {
            var redis = Sockets.Connect(settings.Host, settings.Port);
            await redis.Writable.WriteAsync(Encoding.ASCII.GetBytes($"DEL {key}\r\n")).ConfigureAwait(false);
            redis.CloseAsync(); // expect: WSK002
            return Results.Ok();
        });

        app.MapPost("/later", (WorkerContext ctx, string key) =>
        {
            var redis = Sockets.Connect(settings.Host, settings.Port);
            ctx.WaitUntil(Task.Run(async () =>
            {
                await redis.Writable.WriteAsync(Encoding.ASCII.GetBytes($"EXPIRE {key} 60\r\n")).ConfigureAwait(false);
                await redis.CloseAsync().ConfigureAwait(false);
            }));
            return Results.Ok();
        });

        app.MapGet("/smtp", async (WorkerContext ctx) =>
        {
            await using var relay = Sockets.Connect("mail.example.com:25"); // expect: WSK001
            await relay.Opened.ConfigureAwait(false);
            return Results.Ok();
        });

        app.MapGet("/status", async () =>
        {
            await using var web = Sockets.Connect("status.example.com", 443); // expect: WSK010
            return Results.Ok(await web.Opened.ConfigureAwait(false));
        });

        app.MapGet("/fire-and-forget", (WorkerContext ctx) =>
        {
            var redis = Sockets.Connect(settings.Host, settings.Port);
            _ = Task.Run(async () => await redis.CloseAsync().ConfigureAwait(false)); // expect: WSK003
            return Results.Ok();
        });

        app.MapGet("/timeout", async (WorkerContext ctx, CancellationToken requestAborted) =>
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
            cts.CancelAfter(TimeSpan.FromSeconds(2));
            var redis = Sockets.Connect(settings.Host, settings.Port);
            try
            {
                await redis.Opened.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
            {
                await redis.CloseAsync().ConfigureAwait(false);
                return Results.Problem("cache did not answer in time");
            }

            await redis.CloseAsync().ConfigureAwait(false);
            return Results.Ok();
        });

        app.MapGet("/timeout-leak", async (CancellationToken requestAborted) =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var redis = Sockets.Connect(settings.Host, settings.Port); // expect: WSK007
            try
            {
                await redis.Opened.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
            {
                return Results.Problem("cache did not answer in time");
            }

            await redis.CloseAsync().ConfigureAwait(false);
            return Results.Ok();
        });

        app.MapGet("/discard", async () =>
        {
            var redis = Sockets.Connect(settings.Host, settings.Port);
            await using var _ = redis.ConfigureAwait(false);
            await redis.Opened.ConfigureAwait(false);
            return Results.Ok();
        });
    }
}
