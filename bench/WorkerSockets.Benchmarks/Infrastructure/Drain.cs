using System.IO.Pipelines;
using System.Net.Sockets;

namespace WorkerSockets.Benchmarks.Infrastructure;

/// <summary>Read loops shared by the WorkerSocket paths and their raw baselines, so both sides do the same work.</summary>
public static class Drain
{
    /// <summary>The buffer the Stream and raw socket paths read into (the pipe path uses the runtime's own buffers).</summary>
    public const int ReadBufferSize = 64 * 1024;

    public static async Task<long> ToEndAsync(PipeReader reader)
    {
        long total = 0;
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            total += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return total;
            }
        }
    }

    public static async Task<long> ToEndAsync(Stream stream, Memory<byte> buffer)
    {
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }

    public static async Task<long> ToEndAsync(Socket socket, Memory<byte> buffer)
    {
        long total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>Performs exactly <paramref name="reads"/> read calls; returns the bytes they returned.</summary>
    public static async Task<long> ReadsAsync(PipeReader reader, int reads)
    {
        long total = 0;
        for (var i = 0; i < reads; i++)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            total += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"The sender ended after {i + 1} reads.");
            }
        }

        return total;
    }

    /// <inheritdoc cref="ReadsAsync(PipeReader, int)"/>
    public static async Task<long> ReadsAsync(Stream stream, Memory<byte> buffer, int reads)
    {
        long total = 0;
        for (var i = 0; i < reads; i++)
        {
            var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
            total += read == 0 ? throw new EndOfStreamException($"The sender ended after {i} reads.") : read;
        }

        return total;
    }

    /// <inheritdoc cref="ReadsAsync(PipeReader, int)"/>
    public static async Task<long> ReadsAsync(Socket socket, Memory<byte> buffer, int reads)
    {
        long total = 0;
        for (var i = 0; i < reads; i++)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            total += read == 0 ? throw new EndOfStreamException($"The sender ended after {i} reads.") : read;
        }

        return total;
    }

    /// <summary>Throws when a benchmark read a different number of bytes than the sender sent, so a broken path cannot look fast.</summary>
    public static long Expect(long actual, long expected) =>
        actual == expected ? actual : throw new InvalidDataException($"Read {actual} bytes, expected {expected}.");
}
