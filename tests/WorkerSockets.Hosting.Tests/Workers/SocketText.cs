using System.Buffers;
using System.Text;

namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>Text in and out of a <see cref="WorkerSocket"/>, for the test workers.</summary>
public static class SocketText
{
    public static async Task WriteAsync(WorkerSocket socket, string text)
        => await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(text));

    public static async Task<string> ReadAsync(WorkerSocket socket, int byteCount)
    {
        var reader = socket.Readable;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            if (buffer.Length >= byteCount)
            {
                var text = Encoding.UTF8.GetString(buffer.Slice(0, byteCount));
                reader.AdvanceTo(buffer.GetPosition(byteCount));
                return text;
            }

            if (result.IsCompleted)
                throw new EndOfStreamException($"The peer closed after {buffer.Length} of {byteCount} bytes.");
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public static async Task<string> EchoAsync(WorkerSocket socket, string text)
    {
        await WriteAsync(socket, text);
        return await ReadAsync(socket, Encoding.UTF8.GetByteCount(text));
    }
}
