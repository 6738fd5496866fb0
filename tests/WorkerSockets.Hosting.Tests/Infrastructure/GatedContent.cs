using System.Net;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>Content that sends its first part, flushes, and sends the rest only once <c>gate</c> completes.</summary>
public sealed class GatedContent(byte[] first, Task gate, byte[] rest, bool declareLength) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(first);
        await stream.FlushAsync();
        await gate.WaitAsync(TestTimeouts.Default);
        await stream.WriteAsync(rest);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = first.Length + rest.Length;
        return declareLength;
    }
}

/// <summary>A large body of <see cref="BytePattern"/> that sends one chunk, then waits for <c>gate</c> before sending the rest.</summary>
public sealed class GatedPatternContent(long totalLength, Task gate) : HttpContent
{
    private const int ChunkSize = BytePattern.MaxSlice;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (long offset = 0; offset < totalLength; offset += ChunkSize)
        {
            await stream.WriteAsync(BytePattern.Slice(offset, (int)Math.Min(ChunkSize, totalLength - offset)));
            if (offset == 0)
            {
                await stream.FlushAsync();
                await gate.WaitAsync(TestTimeouts.Default);
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = totalLength;
        return true;
    }
}
