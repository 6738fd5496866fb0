using System.Net;

namespace WorkerSockets.Hosting.Tests;

/// <summary>Content that sends its first part, flushes, and sends the rest only once <c>gate</c> completes.</summary>
public sealed class GatedContent(byte[] first, Task gate, byte[] rest, bool declareLength) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(first);
        await stream.FlushAsync();
        await gate.WaitAsync(TimeSpan.FromSeconds(10));
        await stream.WriteAsync(rest);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = first.Length + rest.Length;
        return declareLength;
    }
}

/// <summary>A large body of a known byte pattern that sends one chunk, then waits for <c>gate</c> before sending the rest.</summary>
public sealed class GatedPatternContent(long totalLength, Func<long, byte> pattern, Task gate) : HttpContent
{
    private const int ChunkSize = 64 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[ChunkSize];
        for (long offset = 0; offset < totalLength; offset += ChunkSize)
        {
            var count = (int)Math.Min(ChunkSize, totalLength - offset);
            for (var i = 0; i < count; i++)
                chunk[i] = pattern(offset + i);
            await stream.WriteAsync(chunk.AsMemory(0, count));
            if (offset == 0)
            {
                await stream.FlushAsync();
                await gate.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = totalLength;
        return true;
    }
}
