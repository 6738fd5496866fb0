using System.Net;
using System.Text;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>
/// The one <c>[Worker]</c> of this project (a project hosts one worker); each test drives its own route, named by the
/// last path segment, and the static completion sources let a test order events without sleeping.
/// </summary>
[Worker]
public partial class TestWorker
{
    public const string SensitiveDetail = "connection string Password=hunter2 rejected";

    public static readonly TaskCompletionSource WaitUntilGoAhead = NewSignal();
    public static readonly TaskCompletionSource<string> WaitUntilDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static readonly TaskCompletionSource SlowWorkRelease = NewSignal();
    public static readonly TaskCompletionSource SlowWorkDone = NewSignal();
    public static readonly TaskCompletionSource ReleaseStashingRequest = NewSignal();
    public static readonly TaskCompletionSource UploadFirstBytesSeen = NewSignal();
    public static readonly TaskCompletionSource DownloadFirstPartRead = NewSignal();
    public static readonly TaskCompletionSource HeldSocketOpened = NewSignal();
    public static readonly TaskCompletionSource<Exception?> HeldSocketEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static readonly TimeSpan Timeout = TestTimeouts.Default;
    private static WorkerSocket? s_stashed;
    private int _requestsServed;

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        var served = Interlocked.Increment(ref _requestsServed);
        return request.RequestUri!.Segments[^1] switch
        {
            "echo" => Text("echo: " + await EchoAsync(env, await request.Content!.ReadAsStringAsync())),
            "probe" => Text(await ProbeAsync(env, ctx)),
            "wait-until" => await AnswerThenFinishWithSocketAsync(env, ctx),
            "slow-wait-until" => AnswerThenWaitForRelease(ctx),
            "stash" => await StashSocketAsync(env, ctx),
            "use-stashed" => Text(await SocketText.EchoAsync(s_stashed!, "from another request")),
            "throw" => throw new InvalidOperationException(SensitiveDetail),
            "greeting" => Text(env.Greeting),
            "hyperdrive" => Text(await DescribeHyperdriveAsync(env)),
            "api-host" => Text(env.ApiHost),
            "count" => Text(served.ToString()),
            "env" => Text(env.ToString()),
            "inspect" => await InspectAsync(request),
            "hold" => await HoldSocketUntilItEndsAsync(env),
            "upload" => Text((await CountPatternBytesAsync(request.Content!)).ToString()),
            "download" => new HttpResponseMessage { Content = new GatedContent("first part|"u8.ToArray(), DownloadFirstPartRead.Task, "second part"u8.ToArray(), declareLength: false) },
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static HttpResponseMessage Text(string text) => new() { Content = new StringContent(text, Encoding.UTF8) };

    private static async Task<string> EchoAsync(Env env, string text)
    {
        await using var socket = Sockets.Connect(env.EchoAddress);
        await socket.Opened;
        return await SocketText.EchoAsync(socket, text);
    }

    /// <summary>Reports whether the host's policy lets a socket reach the (loopback) echo server.</summary>
    private static async Task<string> ProbeAsync(Env env, WorkerContext ctx)
    {
        var socket = Sockets.Connect(env.EchoAddress);
        try
        {
            await socket.Opened;
            return "echo: " + await SocketText.EchoAsync(socket, "probe");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return "refused: " + exception.Message;
        }
        finally
        {
            ctx.WaitUntil(socket.CloseAsync().ContinueWith(static _ => { }, TaskScheduler.Default));
        }
    }

    /// <summary>Answers at once; WaitUntil work waits for the test's go-ahead, then uses the request's socket.</summary>
    private static async Task<HttpResponseMessage> AnswerThenFinishWithSocketAsync(Env env, WorkerContext ctx)
    {
        var socket = Sockets.Connect(env.EchoAddress);
        await socket.Opened;
        ctx.WaitUntil(FinishAsync());
        return Text("answered");

        async Task FinishAsync()
        {
            try
            {
                await WaitUntilGoAhead.Task.WaitAsync(Timeout);
                var echoed = await SocketText.EchoAsync(socket, "after the response");
                await socket.CloseAsync();
                WaitUntilDone.TrySetResult(echoed);
            }
            catch (Exception exception)
            {
                WaitUntilDone.TrySetException(exception);
            }
        }
    }

    private static HttpResponseMessage AnswerThenWaitForRelease(WorkerContext ctx)
    {
        ctx.WaitUntil(WorkAsync());
        return Text("answered");

        static async Task WorkAsync()
        {
            await SlowWorkRelease.Task.WaitAsync(Timeout);
            SlowWorkDone.SetResult();
        }
    }

    /// <summary>Answers 201 with what the worker saw of the request, and a header of its own.</summary>
    private static async Task<HttpResponseMessage> InspectAsync(HttpRequestMessage request)
    {
        var seen = string.Join('\n',
            request.Method.Method,
            request.RequestUri!.PathAndQuery,
            string.Join(',', request.Headers.GetValues("X-Test")),
            request.Content?.Headers.ContentType?.MediaType ?? "(no content type)",
            request.Content is null ? "(no body)" : await request.Content.ReadAsStringAsync());
        var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(seen) };
        response.Headers.Add("X-Worker", "seen");
        return response;
    }

    /// <summary>Opens a socket and waits until it ends — which only the request's end (the client going away) brings about.</summary>
    private static async Task<HttpResponseMessage> HoldSocketUntilItEndsAsync(Env env)
    {
        var socket = Sockets.Connect(env.EchoAddress);
        await socket.Opened;
        HeldSocketOpened.SetResult();
        try
        {
            await socket.Closed;
            HeldSocketEnded.SetResult(null);
        }
        catch (Exception exception)
        {
            HeldSocketEnded.SetResult(exception);
        }

        return Text("ended");
    }

    /// <summary>Keeps a socket in a static field, and keeps this request alive until the test releases it.</summary>
    private static async Task<HttpResponseMessage> StashSocketAsync(Env env, WorkerContext ctx)
    {
        var socket = Sockets.Connect(env.EchoAddress);
        await socket.Opened;
        s_stashed = socket;
        ctx.WaitUntil(ReleaseStashingRequest.Task.WaitAsync(Timeout));
        return Text("stashed");
    }

    /// <summary>Reads the body incrementally, signals when the first bytes arrive, and checks every byte of the pattern.</summary>
    private static async Task<long> CountPatternBytesAsync(HttpContent content)
    {
        await using var body = await content.ReadAsStreamAsync();
        var buffer = new byte[BytePattern.MaxSlice];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (!buffer.AsSpan(0, read).SequenceEqual(BytePattern.Slice(total, read).Span))
                throw new InvalidDataException($"The body differs from the pattern within bytes {total} to {total + read}.");
            total += read;
            UploadFirstBytesSeen.TrySetResult();
        }

        return total;
    }
}
