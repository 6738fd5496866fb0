using System.Net;
using System.Text;
using WorkerSockets.Reliability.Tests.Infrastructure;

namespace WorkerSockets.Reliability.Tests.Workers;

/// <summary>
/// The one <c>[Worker]</c> of this project. Each route is one scenario; the peer to connect to comes in the
/// <c>X-Peer</c> header, so every test brings its own loopback server. Static signals let tests order events without sleeping.
/// </summary>
[Worker]
public partial class ReliabilityWorker
{
    public static readonly TaskCompletionSource StallOpened = NewSignal();
    public static readonly TaskCompletionSource<Exception?> StallEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static readonly TaskCompletionSource SharedReady = NewSignal();
    public static readonly TaskCompletionSource ReleaseShared = NewSignal();

    private static readonly List<WeakReference<WorkerSocket>> s_cycleSockets = [];
    private static WorkerSocket? s_shared;

    /// <summary>How many sockets made by <c>/cycle</c> are still reachable (call after a full garbage collection).</summary>
    public static int CycleSocketsAlive()
    {
        lock (s_cycleSockets)
            return s_cycleSockets.Count(reference => reference.TryGetTarget(out _));
    }

    /// <summary>How many sockets <c>/cycle</c> has made.</summary>
    public static int CycleSocketsMade()
    {
        lock (s_cycleSockets)
            return s_cycleSockets.Count;
    }

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        return request.RequestUri!.AbsolutePath switch
        {
            "/cycle" => await CycleAsync(Peer(request), leak: request.RequestUri.Query.Contains("leak=1", StringComparison.Ordinal)),
            "/fan-out" => Text(await FanOutAsync(Peer(request), request.Headers.GetValues("X-Request-Id").Single())),
            "/stall" => await StallAsync(Peer(request)),
            "/env-text" => Text(env.ToString()!),
            "/throw-with-env" => throw new InvalidOperationException($"Could not reach the API with {env}"),
            "/hold-shared" => Text(await HoldSharedAsync(Peer(request))),
            "/read-shared" => Text(await ReadSharedAsync()),
            "/tls" => Text(await TlsAsync(Peer(request), request.Headers.GetValues("X-Tls-Name").Single())),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Peer(HttpRequestMessage request) => request.Headers.GetValues("X-Peer").Single();

    private static HttpResponseMessage Text(string text) => new() { Content = new StringContent(text, Encoding.UTF8) };

    /// <summary>One round trip over a fresh socket; with <paramref name="leak"/> the socket is left open for the request's end to abort.</summary>
    private static async Task<HttpResponseMessage> CycleAsync(string peer, bool leak)
    {
        var socket = Sockets.Connect(peer);
        lock (s_cycleSockets)
            s_cycleSockets.Add(new WeakReference<WorkerSocket>(socket));
        await socket.Opened;
        await socket.Writable.WriteAsync("ping"u8.ToArray());
        var reply = await ReadAtLeastAsync(socket, 4);
        if (!leak)
            await socket.CloseAsync();
        return Text(reply);
    }

    /// <summary>Eight sockets at once, each tagged with the request id; the runtime lets six open and queues two.</summary>
    private static async Task<string> FanOutAsync(string peer, string requestId)
    {
        var tag = Encoding.ASCII.GetBytes(requestId + "\n");
        var sockets = Enumerable.Range(0, 8).Select(_ => Sockets.Connect(peer)).ToList();
        await Task.WhenAll(sockets.Select(socket => TalkAsync(socket, tag)));
        return "8 done";

        static async Task TalkAsync(WorkerSocket socket, byte[] tag)
        {
            await socket.Opened;
            await socket.Writable.WriteAsync(tag);
            await socket.Writable.CompleteAsync();
            while (true)
            {
                var result = await socket.Readable.ReadAsync();
                socket.Readable.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                    break;
            }

            await socket.Closed;
        }
    }

    /// <summary>Waits on a read from a peer that never answers: only the request's end can end it.</summary>
    private static async Task<HttpResponseMessage> StallAsync(string peer)
    {
        var socket = Sockets.Connect(peer);
        await socket.Opened;
        StallOpened.TrySetResult();
        try
        {
            await socket.Readable.ReadAsync().AsTask().WaitAsync(Timeouts.Default);
            StallEnded.TrySetResult(null);
        }
        catch (Exception exception)
        {
            StallEnded.TrySetResult(exception);
        }

        return Text("ended");
    }

    /// <summary>Puts a live socket where another request can find it, and keeps this request alive until the test says.</summary>
    private static async Task<string> HoldSharedAsync(string peer)
    {
        await using var socket = Sockets.Connect(peer);
        await socket.Opened;
        s_shared = socket;
        SharedReady.TrySetResult();
        await ReleaseShared.Task.WaitAsync(Timeouts.Default);
        await socket.Writable.WriteAsync("still mine"u8.ToArray());
        return await ReadAtLeastAsync(socket, "still mine".Length);
    }

    /// <summary>Tries to read another request's socket; answers with what the runtime threw.</summary>
    private static async Task<string> ReadSharedAsync()
    {
        try
        {
            var result = await s_shared!.Readable.ReadAsync();
            return "read " + result.Buffer.Length + " bytes";
        }
        catch (Exception exception)
        {
            return exception.GetType().FullName + ": " + exception.Message;
        }
    }

    /// <summary>Opens a TLS socket expecting <paramref name="serverName"/>; answers with the outcome of the handshake and of a write after it.</summary>
    private static async Task<string> TlsAsync(string peer, string serverName)
    {
        // Not `await using`: closing a socket whose connection failed returns its faulted Closed task, which would rethrow.
        var socket = Sockets.Connect(peer, new SocketOptions { SecureTransport = SecureTransport.On, Tls = new TlsOptions { ExpectedServerHostname = serverName } });
        try
        {
            await socket.Opened;
            await socket.CloseAsync();
            return "opened";
        }
        catch (Exception opened)
        {
            var write = await Record.ExceptionAsync(async () => await socket.Writable.WriteAsync("plaintext?"u8.ToArray()));
            return $"{opened.GetType().FullName}: {opened.Message}\nwrite: {write?.GetType().FullName}: {write?.Message}";
        }
    }

    private static async Task<string> ReadAtLeastAsync(WorkerSocket socket, int count)
    {
        while (true)
        {
            var result = await socket.Readable.ReadAsync();
            if (result.Buffer.Length >= count || result.IsCompleted)
            {
                var text = Encoding.UTF8.GetString(result.Buffer);
                socket.Readable.AdvanceTo(result.Buffer.End);
                return text;
            }

            socket.Readable.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
