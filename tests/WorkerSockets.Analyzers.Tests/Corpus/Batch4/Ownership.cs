// Batch 4: who owns the socket: wrappers whose constructors keep or only inspect it, transitive helpers, records.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WorkerSockets;

namespace Corpus.Batch4.Ownership;

public sealed class Framer
{
    public Framer(WorkerSocket socket, ILogger logger)
    {
        // Only inspects the socket: it keeps nothing.
        logger.LogDebug("framing over {Transport}", socket.SecureTransport);
        MaxFrame = socket.SecureTransport == SecureTransport.On ? 16384 : 65536;
    }

    public int MaxFrame { get; }
}

public sealed class Channel
{
    private readonly WorkerSocket socket;

    public Channel(WorkerSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        this.socket = socket;
    }

    public Task CloseAsync() => socket.CloseAsync();
}

public sealed record Lease(WorkerSocket Socket, DateTimeOffset Until) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}

public static class Transfers
{
    public static Task FinishAsync(WorkerSocket socket, CancellationToken ct) => GoodbyeAsync(socket, ct);

    private static async Task GoodbyeAsync(WorkerSocket socket, CancellationToken ct)
    {
        await socket.Writable.WriteAsync("BYE\n"u8.ToArray(), ct).ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static Task SayHelloAsync(WorkerSocket socket, CancellationToken ct) => socket.Writable.WriteAsync("HELLO\n"u8.ToArray(), ct).AsTask();

    public static void Adopt([TakesOwnership] WorkerSocket socket, List<WorkerSocket> owned) => owned.Add(socket);
}

public static class OwnershipHandlers
{
    public static async Task<int> FramedAsync(string host, ILogger logger)
    {
        var socket = Sockets.Connect(host, 7100); // expect: WSK007
        var framer = new Framer(socket, logger);
        await socket.Opened.ConfigureAwait(false);
        return framer.MaxFrame;
    }

    public static async Task ChannelAsync(string host)
    {
        var channel = new Channel(Sockets.Connect(host, 7100));
        await channel.CloseAsync().ConfigureAwait(false);
    }

    public static async Task LeaseAsync(string host)
    {
        await using var lease = new Lease(Sockets.Connect(host, 7100), DateTimeOffset.UtcNow.AddMinutes(1));
        await lease.Socket.Opened.ConfigureAwait(false);
    }

    public static async Task TransitiveAsync(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 7100);
        await Transfers.SayHelloAsync(socket, ct).ConfigureAwait(false);
        await Transfers.FinishAsync(socket, ct).ConfigureAwait(false);
    }

    public static async Task HelloOnlyAsync(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 7100); // expect: WSK007
        await Transfers.SayHelloAsync(socket, ct).ConfigureAwait(false);
    }

    public static void AdoptInto(string host, List<WorkerSocket> owned)
    {
        var socket = Sockets.Connect(host, 7100);
        Transfers.Adopt(socket, owned);
    }

    public static async Task<bool> CheckThenFinishAsync(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 7100); // expect: WSK007
        var info = await socket.Opened.ConfigureAwait(false);
        if (info.RemoteAddress is null)
        {
            return false;
        }

        await Transfers.FinishAsync(socket, ct).ConfigureAwait(false);
        return true;
    }

    public static async Task ReplaceAsync(string primary, string fallback)
    {
        var socket = Sockets.Connect(primary, 7100); // expect: WSK007
        if (!(await socket.Opened.ConfigureAwait(false)).RemoteAddress!.StartsWith("10.", StringComparison.Ordinal))
        {
            socket = Sockets.Connect(fallback, 7100);
        }

        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task ReplaceClosedAsync(string primary, string fallback)
    {
        var socket = Sockets.Connect(primary, 7100);
        if (!(await socket.Opened.ConfigureAwait(false)).RemoteAddress!.StartsWith("10.", StringComparison.Ordinal))
        {
            await socket.CloseAsync().ConfigureAwait(false);
            socket = Sockets.Connect(fallback, 7100);
        }

        await socket.CloseAsync().ConfigureAwait(false);
    }
}
