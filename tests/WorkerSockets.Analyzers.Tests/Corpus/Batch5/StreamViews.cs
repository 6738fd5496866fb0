// Batch 5: line protocols read through StreamReader/StreamWriter over the socket's Stream view.
using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.StreamViews;

public static class LineProtocols
{
    // Disposing the reader disposes the Stream view, and that closes the socket (the reader does not leave it open).
    public static async Task<string?> BannerAsync(string host)
    {
        var socket = Sockets.Connect(host, 110);
        using var reader = new StreamReader(socket.Stream, Encoding.ASCII);
        return await reader.ReadLineAsync().ConfigureAwait(false);
    }

    public static async Task<string?> BannerLeaveOpen(string host)
    {
        var socket = Sockets.Connect(host, 110); // expect: WSK007
        using var reader = new StreamReader(socket.Stream, Encoding.ASCII, false, 1024, leaveOpen: true);
        return await reader.ReadLineAsync().ConfigureAwait(false);
    }

    public static async Task<string?> BannerNoUsing(string host)
    {
        var socket = Sockets.Connect(host, 110); // expect: WSK007
        var reader = new StreamReader(socket.Stream, Encoding.ASCII);
        return await reader.ReadLineAsync().ConfigureAwait(false);
    }

    public static async Task SendCommandsAsync(string host, string[] commands, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 6379);
        await using var writer = new StreamWriter(socket.Stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\r\n" };
        foreach (var command in commands)
        {
            await writer.WriteLineAsync(command.AsMemory(), ct).ConfigureAwait(false);
        }
    }

    public static async Task<string> ChatAsync(string host, string line, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, 7777);
        // Both wrappers leave the view open: the `await using` of the socket closes it.
        using var reader = new StreamReader(socket.Stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        await using var writer = new StreamWriter(socket.Stream, Encoding.UTF8, bufferSize: 4096, leaveOpen: true);
        await writer.WriteLineAsync(line.AsMemory(), ct).ConfigureAwait(false);
        await writer.FlushAsync(ct).ConfigureAwait(false);
        return await reader.ReadLineAsync(ct).ConfigureAwait(false) ?? string.Empty;
    }

    public static async Task<byte[]> DownloadAsync(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 9100);
        await using var network = socket.Stream;
        using var buffer = new MemoryStream();
        await network.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public static async Task<byte[]> DownloadWithoutDispose(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 9100); // expect: WSK007
        var network = socket.Stream;
        using var buffer = new MemoryStream();
        await network.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public static async Task<string> GzipAsync(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 9200);
        await using var gzip = new System.IO.Compression.GZipStream(socket.Stream, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    public static async Task CopyBetweenAsync(string from, string to, CancellationToken ct)
    {
        await using var source = Sockets.Connect(from, 9300);
        await using var target = Sockets.Connect(to, 9300);
        await source.Stream.CopyToAsync(target.Stream, ct).ConfigureAwait(false);
    }

    public static async Task StreamAfterUpgrade(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 9400, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await socket.Writable.WriteAsync("STARTTLS\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        await using var tls = socket.StartTls();
        using var reader = new StreamReader(socket.Stream, leaveOpen: true); // expect: WSK006
        _ = await reader.ReadLineAsync(ct).ConfigureAwait(false);
    }

    public static string ReadBannerSync(WorkerSocket socket)
    {
        using var reader = new StreamReader(socket.Stream, leaveOpen: true);
        return reader.ReadLine() ?? string.Empty;
    }
}
