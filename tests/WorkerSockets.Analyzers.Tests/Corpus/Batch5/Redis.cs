// Batch 5: a RESP client with iterators: async streams of replies, SCAN cursors, pipelined commands.
using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Redis;

public static class Resp
{
    public static byte[] Encode(params string[] parts)
    {
        var builder = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static async ValueTask<string> ReadLineAsync(this WorkerSocket socket, CancellationToken ct)
    {
        while (true)
        {
            var result = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
            var reader = new SequenceReader<byte>(result.Buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
            {
                socket.Readable.AdvanceTo(reader.Position);
                return Encoding.UTF8.GetString(line);
            }

            socket.Readable.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                throw new RespEndOfStreamException();
            }
        }
    }

    public static ValueTask<FlushResult> SendAsync(this WorkerSocket socket, CancellationToken ct, params string[] parts) =>
        socket.Writable.WriteAsync(Encode(parts), ct);
}

public sealed class RespEndOfStreamException : Exception
{
}

public static class Scanning
{
    // The iterator owns its socket: `await using` closes it when the consumer stops enumerating.
    public static async IAsyncEnumerable<string> ScanKeys(string host, string pattern, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var socket = Sockets.Connect(host, 6379);
        var cursor = "0";
        do
        {
            await socket.SendAsync(ct, "SCAN", cursor, "MATCH", pattern).ConfigureAwait(false);
            cursor = await socket.ReadLineAsync(ct).ConfigureAwait(false);
            var key = await socket.ReadLineAsync(ct).ConfigureAwait(false);
            yield return key;
        }
        while (cursor != "0");
    }

    public static async IAsyncEnumerable<string> ScanLeaks(string host, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await socket.SendAsync(ct, "SCAN", "0").ConfigureAwait(false);
        yield return await socket.ReadLineAsync(ct).ConfigureAwait(false);
    }

    public static IEnumerable<WorkerSocket> OpenEach(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            yield return Sockets.Connect(host, 6379);
        }
    }

    public static async Task CloseEach(IEnumerable<string> hosts)
    {
        foreach (var socket in OpenEach(hosts))
        {
            await using (socket.ConfigureAwait(false))
            {
                await socket.SendAsync(default, "PING").ConfigureAwait(false);
            }
        }
    }

    public static async Task<int> CountKeys(string host, CancellationToken ct)
    {
        var count = 0;
        await foreach (var _ in ScanKeys(host, "*", ct).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }
}

public static class Pipelining
{
    public static async Task<string[]> MultiGet(string host, string[] keys, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, 6379);
        foreach (var key in keys)
        {
            await socket.SendAsync(ct, "GET", key).ConfigureAwait(false);
        }

        var values = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            values[i] = await socket.ReadLineAsync(ct).ConfigureAwait(false);
        }

        return values;
    }

    public static async Task<string> GetFromTls(string host, string key, CancellationToken ct)
    {
        var socket = Sockets.Connect($"{host}:6380", new SocketOptions { SecureTransport = SecureTransport.On });
        await socket.SendAsync(ct, "GET", key).ConfigureAwait(false);
        var value = await socket.ReadLineAsync(ct).ConfigureAwait(false);
        _ = socket.CloseAsync().ConfigureAwait(false); // expect: WSK002
        return value;
    }

    public static async Task<string> Subscribe(WorkerContext ctx, string host, string channel, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.SendAsync(ct, "SUBSCRIBE", channel).ConfigureAwait(false);
        var first = await socket.ReadLineAsync(ct).ConfigureAwait(false);
        ctx.WaitUntil(socket.CloseAsync());
        return first;
    }

    public static async Task<string> SubscribeEarlyReturn(string host, string channel, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await socket.SendAsync(ct, "SUBSCRIBE", channel).ConfigureAwait(false);
        var first = await socket.ReadLineAsync(ct).ConfigureAwait(false);
        if (first.StartsWith('-'))
        {
            return first;
        }

        await socket.CloseAsync().ConfigureAwait(false);
        return first;
    }
}
