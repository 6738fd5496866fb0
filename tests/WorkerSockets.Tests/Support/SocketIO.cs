using System.Buffers;
using System.IO.Pipelines;

namespace WorkerSockets.Tests.Support;

/// <summary>Small read/write helpers over a socket's pipes.</summary>
internal static class SocketIO
{
    public static async Task WriteAsync(this WorkerSocket socket, byte[] bytes)
        => await socket.Writable.WriteAsync(bytes).AsTask().WaitAsync(Scope.Timeout);

    /// <summary>Reads until <paramref name="count"/> bytes have arrived (or the stream ends) and consumes them.</summary>
    public static async Task<byte[]> ReadExactlyAsync(this WorkerSocket socket, int count)
    {
        var reader = socket.Readable;
        while (true)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(Scope.Timeout);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            if (result.IsCompleted)
            {
                var partial = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return partial;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Reads and consumes everything until the peer ends its side.</summary>
    public static async Task<byte[]> ReadToEndAsync(this PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(Scope.Timeout);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
