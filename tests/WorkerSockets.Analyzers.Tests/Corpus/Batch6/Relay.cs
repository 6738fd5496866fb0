// Batch 6: relaying a request body to a socket and the socket's answer back, as proxy authors write it.
using System;
using System.IO;
using System.IO.Pipelines;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.Relay;

public sealed class Env
{
    public string Upstream { get; init; } = "tcp.example.com:9000";
}

[Worker]
public sealed partial class TcpRelayWorker
{
    // Both pumps awaited together, socket disposed at the end.
    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        await using var upstream = Sockets.Connect(env.Upstream);
        var body = await request.Content!.ReadAsStreamAsync();
        var buffer = new MemoryStream();
        var send = body.CopyToAsync(upstream.Stream);
        var receive = upstream.Stream.CopyToAsync(buffer);
        await Task.WhenAll(send, receive);
        buffer.Position = 0;
        return new HttpResponseMessage { Content = new StreamContent(buffer) };
    }
}

public static class Pumps
{
    // Request body -> socket in the background, not awaited: the lambda captures the socket and Task.Run outlives the request.
    public static async Task<HttpResponseMessage> StreamingRelayAsync(HttpRequestMessage request, string upstream)
    {
        var socket = Sockets.Connect(upstream);
        var body = await request.Content!.ReadAsStreamAsync();
        _ = Task.Run(async () => // expect: WSK003
        {
            await body.CopyToAsync(socket.Stream);
            await socket.Writable.CompleteAsync();
        });
        return new HttpResponseMessage { Content = new StreamContent(socket.Stream) };
    }

    // Same pump, but given to WaitUntil: part of the request.
    public static async Task<HttpResponseMessage> StreamingRelayWaitUntilAsync(HttpRequestMessage request, string upstream, WorkerContext ctx)
    {
        var socket = Sockets.Connect(upstream);
        var body = await request.Content!.ReadAsStreamAsync();
        ctx.WaitUntil(Task.Run(async () =>
        {
            await body.CopyToAsync(socket.Stream);
            await socket.Writable.CompleteAsync();
        }));
        return new HttpResponseMessage { Content = new StreamContent(socket.Stream) };
    }

    // Pump kept in a local and awaited at the end.
    public static async Task<long> CountedRelayAsync(Stream body, string upstream)
    {
        await using var socket = Sockets.Connect(upstream);
        var pump = Task.Run(() => body.CopyToAsync(socket.Stream));
        long received = 0;
        while (true)
        {
            var read = await socket.Readable.ReadAsync();
            received += read.Buffer.Length;
            socket.Readable.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        await pump;
        return received;
    }

    // PipeReader.CopyToAsync(PipeWriter) — a library helper that borrows.
    public static async Task PipeToPipeAsync(PipeReader source, string upstream, CancellationToken token)
    {
        var socket = Sockets.Connect(upstream); // expect: WSK007
        await source.CopyToAsync(socket.Writable, token);
        await socket.Writable.FlushAsync(token);
    }

    // Two upstreams: a primary and a mirror, both closed via a shared finally.
    public static async Task MirrorAsync(byte[] payload, string primary, string mirror)
    {
        var a = Sockets.Connect(primary);
        var b = Sockets.Connect(mirror);
        try
        {
            await Task.WhenAll(a.Writable.WriteAsync(payload).AsTask(), b.Writable.WriteAsync(payload).AsTask());
        }
        finally
        {
            await Task.WhenAll(a.CloseAsync(), b.CloseAsync());
        }
    }

    // Mirror written by someone in a hurry: the mirror's close is dropped inside a ContinueWith callback.
    public static async Task MirrorHastyAsync(byte[] payload, string primary, string mirror)
    {
        await using var a = Sockets.Connect(primary);
        var b = Sockets.Connect(mirror);
        await a.Writable.WriteAsync(payload);
        await b.Writable.WriteAsync(payload).AsTask().ContinueWith(_ =>
        {
            b.CloseAsync(); // expect: WSK002
        }, TaskScheduler.Default);
    }

    // Duplex relay with Task.WhenAny: whichever side ends first, both are closed.
    public static async Task DuplexAsync(Stream client, string upstream)
    {
        var socket = Sockets.Connect(upstream);
        await using (socket.ConfigureAwait(false))
        {
            var up = client.CopyToAsync(socket.Stream);
            var down = socket.Stream.CopyToAsync(client);
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
    }

    // A relay helper that takes the socket as a parameter and closes it when done: the caller hands it over.
    public static async Task RelayAndCloseAsync(Stream body, WorkerSocket socket)
    {
        try
        {
            await body.CopyToAsync(socket.Stream);
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    public static async Task UseRelayHelperAsync(Stream body, string upstream)
    {
        var socket = Sockets.Connect(upstream);
        await RelayAndCloseAsync(body, socket);
    }
}
