// Batch 5: a custom TCP relay: two sockets pumped against each other, first side to finish ends the session.
using System;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Proxy;

public sealed record Route(string Upstream, int Port, bool Tls);

public static class Relay
{
    private static async Task PumpAsync(PipeReader from, PipeWriter to, CancellationToken ct)
    {
        while (true)
        {
            var result = await from.ReadAsync(ct).ConfigureAwait(false);
            foreach (var segment in result.Buffer)
            {
                await to.WriteAsync(segment, ct).ConfigureAwait(false);
            }

            from.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                await to.CompleteAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private static WorkerSocket OpenUpstream(Route route) => route.Tls
        ? Sockets.Connect(route.Upstream, route.Port, new SocketOptions { SecureTransport = SecureTransport.On })
        : Sockets.Connect(route.Upstream, route.Port);

    public static async Task BridgeAsync(WorkerSocket client, Route route, CancellationToken ct)
    {
        await using var upstream = OpenUpstream(route);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var up = PumpAsync(client.Readable, upstream.Writable, cts.Token);
        var down = PumpAsync(upstream.Readable, client.Writable, cts.Token);
        await Task.WhenAny(up, down).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    public static async Task BridgeLeaksUpstream(WorkerSocket client, Route route, CancellationToken ct)
    {
        var upstream = OpenUpstream(route); // expect: WSK007
        await Task.WhenAny(
            PumpAsync(client.Readable, upstream.Writable, ct),
            PumpAsync(upstream.Readable, client.Writable, ct)).ConfigureAwait(false);
    }

    public static async Task BridgeInBackground(WorkerContext ctx, WorkerSocket client, Route route, CancellationToken ct)
    {
        var upstream = OpenUpstream(route);
        ctx.WaitUntil(Task.Run(async () =>
        {
            await using (upstream.ConfigureAwait(false))
            {
                await PumpAsync(upstream.Readable, client.Writable, ct).ConfigureAwait(false);
            }
        }, ct));
    }

    public static void BridgeDetached(WorkerSocket client, Route route, CancellationToken ct)
    {
        var upstream = OpenUpstream(route);
        _ = Task.Run(() => PumpAsync(upstream.Readable, client.Writable, ct), ct); // expect: WSK003
    }

    public static async Task BridgeAwaitedRun(WorkerSocket client, Route route, CancellationToken ct)
    {
        await using var upstream = OpenUpstream(route);
        await Task.Run(() => PumpAsync(upstream.Readable, client.Writable, ct), ct).ConfigureAwait(false);
    }

    public static async Task DualHomed(WorkerSocket client, Route primary, Route fallback, CancellationToken ct)
    {
        var first = OpenUpstream(primary);
        var second = OpenUpstream(fallback);
        var opened = await Task.WhenAny(first.Opened, second.Opened).ConfigureAwait(false);
        var (winner, loser) = opened == first.Opened ? (first, second) : (second, first);
        await loser.CloseAsync().ConfigureAwait(false);
        await using (winner.ConfigureAwait(false))
        {
            await PumpAsync(client.Readable, winner.Writable, ct).ConfigureAwait(false);
        }
    }
}
