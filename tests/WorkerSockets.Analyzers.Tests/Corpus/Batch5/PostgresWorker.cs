// Batch 5: a [Worker] split over partial declarations; Postgres SSLRequest negotiation and COPY streaming.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.PostgresWorker;

[Worker]
public sealed partial class ReportsWorker
{
    private static readonly byte[] SslRequest = { 0, 0, 0, 8, 4, 210, 22, 47 };
    private readonly Hyperdrive reports = new("postgres://reports@pg.internal:5432/reports");
    private readonly Dictionary<string, int> rowCounts = new();

    public async Task<long> Fetch(WorkerContext ctx, string table, Stream output, CancellationToken ct)
    {
        var socket = await NegotiateAsync(reports.Host, reports.Port, ct).ConfigureAwait(false);
        await using (socket.ConfigureAwait(false))
        {
            var copied = await CopyOutAsync(socket, table, output, ct).ConfigureAwait(false);
            rowCounts[table] = (int)copied;
            return copied;
        }
    }
}

public sealed partial class ReportsWorker
{
    private WorkerSocket? warm;

    // Asks for TLS first (SSLRequest); on 'S' upgrades, on 'N' carries on in plain text.
    private static async Task<WorkerSocket> NegotiateAsync(string host, int port, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, port, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await socket.Writable.WriteAsync(SslRequest, ct).ConfigureAwait(false);
        var answer = await socket.Readable.ReadAtLeastAsync(1, ct).ConfigureAwait(false);
        var accepted = answer.Buffer.FirstSpan[0] == (byte)'S';
        socket.Readable.AdvanceTo(answer.Buffer.GetPosition(1));
        return accepted ? socket.StartTls() : socket;
    }

    private static async Task<long> CopyOutAsync(WorkerSocket socket, string table, Stream output, CancellationToken ct)
    {
        var query = System.Text.Encoding.UTF8.GetBytes($"COPY {table} TO STDOUT\0");
        var header = new byte[5];
        header[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), query.Length + 4);
        await socket.Writable.WriteAsync(header, ct).ConfigureAwait(false);
        await socket.Writable.WriteAsync(query, ct).ConfigureAwait(false);
        var before = output.CanSeek ? output.Position : 0;
        await socket.Stream.CopyToAsync(output, ct).ConfigureAwait(false);
        return (output.CanSeek ? output.Position : 0) - before;
    }

    public async Task Warm(WorkerContext ctx, CancellationToken ct)
    {
        warm = await NegotiateAsync(reports.Host, reports.Port, ct).ConfigureAwait(false); // expect: WSK003
    }

    public async Task<long> CountPlain(string table, Stream output, CancellationToken ct)
    {
        var socket = Sockets.Connect(reports.Host, reports.Port); // expect: WSK007
        return await CopyOutAsync(socket, table, output, ct).ConfigureAwait(false);
    }

    public async Task PlainUpgrade(CancellationToken ct)
    {
        var socket = reports.Connect();
        await socket.Writable.WriteAsync(SslRequest, ct).ConfigureAwait(false);
        await using var tls = socket.StartTls(); // expect: WSK005
    }

    public async Task NegotiatedLeak(CancellationToken ct)
    {
        var socket = await NegotiateAsync(reports.Host, reports.Port, ct).ConfigureAwait(false); // expect: WSK007
        await socket.Writable.WriteAsync(SslRequest, ct).ConfigureAwait(false);
    }
}

public static class CopyIn
{
    public static async Task LoadAsync(Hyperdrive database, IAsyncEnumerable<string> lines, CancellationToken ct)
    {
        await using var socket = database.Connect();
        await using var writer = new StreamWriter(socket.Stream, leaveOpen: true);
        await foreach (var line in lines.WithCancellation(ct).ConfigureAwait(false))
        {
            await writer.WriteLineAsync(line.AsMemory(), ct).ConfigureAwait(false);
        }
    }

    public static async Task LoadSharded(Hyperdrive[] shards, string line, CancellationToken ct)
    {
        foreach (var shard in shards)
        {
            var socket = shard.Connect();
            await using var writer = new StreamWriter(socket.Stream);
            await writer.WriteLineAsync(line.AsMemory(), ct).ConfigureAwait(false);
        }
    }
}
