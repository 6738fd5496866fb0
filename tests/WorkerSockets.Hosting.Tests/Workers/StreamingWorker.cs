using System.Net;

namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>
/// <c>POST /upload</c> reads the body incrementally, signals when the first bytes arrive, checks every byte of the
/// pattern and answers with the count; <c>GET /download</c> answers with content that sends its first part, then waits
/// for the test to have read it before sending the rest.
/// </summary>
public sealed class StreamingWorker : IWorker
{
    public static readonly TaskCompletionSource UploadFirstBytesSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static readonly TaskCompletionSource DownloadFirstPartRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static WorkerFetch CreateFetch(Func<string, string?> bindings)
        => async (request, context) => request.RequestUri!.AbsolutePath switch
        {
            "/upload" => new HttpResponseMessage { Content = new StringContent((await CountPatternBytesAsync(request.Content!)).ToString()) },
            "/download" => new HttpResponseMessage { Content = new GatedContent("first part|"u8.ToArray(), DownloadFirstPartRead.Task, "second part"u8.ToArray(), declareLength: false) },
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };

    public static byte PatternByte(long offset) => (byte)(offset % 251);

    private static async Task<long> CountPatternBytesAsync(HttpContent content)
    {
        await using var body = await content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != PatternByte(total + i))
                    throw new InvalidDataException($"Byte {total + i} is {buffer[i]}, expected {PatternByte(total + i)}.");
            }

            total += read;
            UploadFirstBytesSeen.TrySetResult();
        }

        return total;
    }
}
