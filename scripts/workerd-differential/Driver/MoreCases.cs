using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WorkerSockets.Differential;

// The kinds of more-kinds.js, step for step. JavaScript values other than Uint8Array become the bytes the JavaScript
// writer sends for them: a .NET caller hands the PipeWriter bytes, and encodes a string itself.
internal sealed partial class CaseRunner
{
    // Steps recorded by WaitUntil work, collected by the case's second request.
    private readonly ConcurrentDictionary<string, List<(string, string)>> _finished = [];

    private async Task<bool> RunMoreKindAsync(string kind, JsonObject c, List<(string, string)> steps, int phase, WorkerContext ctx)
    {
        switch (kind)
        {
            case "echo":
                await EchoAsync(c, steps);
                return true;
            case "openedInfo":
                var info = Open(c);
                steps.Add(("opened", await Settle(async () => Describe(await info.Opened))));
                steps.Add(("close", await Settle(info.CloseAsync())));
                return true;
            case "closeTwice":
                var twice = Open(c);
                steps.Add(("opened", await Settle(() => OpenedAsync(twice))));
                var first = twice.CloseAsync();
                var second = twice.CloseAsync();
                steps.Add(("close1", await Settle(first)));
                steps.Add(("close2", await Settle(second)));
                steps.Add(("closed", await Settle(twice.Closed)));
                return true;
            case "closeWithStalledWrite":
                await CloseWithStalledWriteAsync(c, steps);
                return true;
            case "releaseLock":
                // .NET pipes have no locks to release: the same reader and writer are used after close.
                var released = Open(c);
                steps.Add(("opened", await Settle(() => OpenedAsync(released))));
                steps.Add(("close", await Settle(released.CloseAsync())));
                steps.Add(("closed", await Settle(released.Closed)));
                steps.Add(("read", await Settle(() => ReadOnceAsync(released))));
                steps.Add(("write", await Settle(() => WriteAsync(released, "x"))));
                return true;
            case "writeValue":
                await WriteValueAsync(c, steps);
                return true;
            case "startTlsAfterCommand":
                await StartTlsAfterCommandAsync(c, steps);
                return true;
            case "upgradeEdge":
                await UpgradeEdgeAsync(c, steps);
                return true;
            case "readsToEnd":
                await ReadsToEndAsync(c, steps);
                return true;
            case "properties":
                await PropertiesAsync(c, steps);
                return true;
            case "many":
                await ManyAsync(c, steps);
                return true;
            case "waitUntil":
                await WaitUntilAsync(c, steps, phase, ctx);
                return true;
            case "writeThenClose":
                var early = Open(c);
                var writing = StartWrite(early, new byte[(int)c["size"]!]);
                var closing = early.CloseAsync();
                steps.Add(("write", await Settle(writing)));
                steps.Add(("close", await Settle(closing)));
                steps.Add(("opened", await Settle(() => OpenedAsync(early))));
                steps.Add(("closed", await Settle(early.Closed)));
                return true;
            case "countBytes":
                await CountBytesAsync(c, steps);
                return true;
            default:
                return await RunThirdKindAsync(kind, c, steps);
        }
    }

    // "127.0.0.1:51234" -> "127.0.0.1:<port>": a local port differs on every run.
    private static string Describe(SocketInfo info)
        => $"remote={info.RemoteAddress} local={(info.LocalAddress is { } local ? Regex.Replace(local, @":\d+$", ":<port>") : "undefined")}";

    /// <summary>Starts a write without awaiting it; a write refused at once (the connect already failed) is a faulted task, as a rejected promise.</summary>
    private static Task StartWrite(WorkerSocket socket, byte[] bytes)
    {
        try
        {
            return socket.Writable.WriteAsync(bytes).AsTask();
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private static string Properties(WorkerSocket socket)
        => $"secureTransport={socket.SecureTransport.ToString().ToLowerInvariant()} upgraded={(socket.Upgraded ? "true" : "false")}";

    /// <summary>Reads until the text received ends with <paramref name="end"/> or the stream ends.</summary>
    private static async Task<string?> ReadUntilAsync(WorkerSocket socket, string end)
    {
        var text = new StringBuilder();
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            var result = await socket.Readable.ReadAsync();
            text.Append(Encoding.UTF8.GetString(result.Buffer));
            socket.Readable.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        return text.ToString();
    }

    private static async Task EchoAsync(JsonObject c, List<(string, string)> steps)
    {
        WorkerSocket? socket = null;
        steps.Add(("connect", Attempt(() => socket = Open(c))));
        if (socket is null)
        {
            return;
        }

        steps.Add(("opened", await Settle(() => OpenedAsync(socket))));
        steps.Add(("write", await Settle(() => WriteAsync(socket, "hello"))));
        steps.Add(("echo", await Settle(() => ReadUntilAsync(socket, "hello"))));
        steps.Add(("close", await Settle(socket.CloseAsync())));
        steps.Add(("closed", await Settle(socket.Closed)));
    }

    private static async Task CloseWithStalledWriteAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c);
        steps.Add(("opened", await Settle(() => OpenedAsync(socket))));
        var writing = socket.Writable.WriteAsync(new byte[(int)c["size"]!]).AsTask();
        steps.Add(("writeWaits", await Settle(writing, TimeSpan.FromSeconds(1))));
        var closing = socket.CloseAsync();
        steps.Add(("close", await Settle(closing)));
        steps.Add(("write", await Settle(writing, TimeSpan.FromSeconds(1))));
        steps.Add(("closed", await Settle(socket.Closed, TimeSpan.FromSeconds(1))));
    }

    private static async Task WriteValueAsync(JsonObject c, List<(string, string)> steps)
    {
        byte[] bytes = (string)c["value"]! switch
        {
            "empty" => [],
            "uint16Array" => Encoding.UTF8.GetBytes("abcd"),
            _ => Encoding.UTF8.GetBytes("abc"), // arrayBuffer, dataView, string: the bytes JavaScript sends for them
        };
        var socket = Open(c);
        steps.Add(("write", await Settle(async () => { await socket.Writable.WriteAsync(bytes); })));
        steps.Add(("write2", await Settle(() => WriteAsync(socket, "!"))));
        steps.Add(("echo", await Settle(() => ReadUntilAsync(socket, "!"), TimeSpan.FromSeconds(1))));
        steps.Add(("close", await Settle(socket.CloseAsync())));
    }

    private static async Task StartTlsAfterCommandAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c, "starttls");
        var command = socket.Writable.WriteAsync(Encoding.UTF8.GetBytes("STARTTLS\r\n")).AsTask();
        if ((bool?)c["awaitReply"] ?? false)
        {
            steps.Add(("write", await Settle(command)));
            steps.Add(("reply", await Settle(async () => (await ReadUntilAsync(socket, "\n"))!.Trim())));
        }

        WorkerSocket? secure = null;
        steps.Add(("startTls", Attempt(() => secure = socket.StartTls())));
        if (secure is null)
        {
            return;
        }

        steps.Add(("opened", await Settle(() => OpenedAsync(secure))));
        steps.Add(("write2", await Settle(() => WriteAsync(secure, "secret"))));
        steps.Add(("echo", await Settle(() => ReadUntilAsync(secure, "secret"))));
        steps.Add(("close", await Settle(secure.CloseAsync())));
        steps.Add(("closed", await Settle(secure.Closed)));
    }

    private static async Task UpgradeEdgeAsync(JsonObject c, List<(string, string)> steps)
    {
        string scenario = (string)c["scenario"]!;
        var socket = Open(c, "starttls");
        steps.Add(("opened1", await Settle(() => OpenedAsync(socket))));
        // .NET pipes have no reader locks: "heldReader" is every socket's state.
        Task<string?>? pending = scenario == "pendingReadHeld" ? ReadOnceAsync(socket) : null;
        var tlsOptions = c["tlsOptions"] is JsonObject o ? new TlsOptions { ExpectedServerHostname = (string?)o["expectedServerHostname"] } : null;
        WorkerSocket? secure = null;
        steps.Add(("startTls", Attempt(() => secure = socket.StartTls(tlsOptions))));
        if (pending is not null)
        {
            steps.Add(("pendingRead", await Settle(() => pending, TimeSpan.FromSeconds(1))));
        }

        if (scenario == "closeOld")
        {
            steps.Add(("closeOld", await Settle(socket.CloseAsync())));
        }

        if (secure is null)
        {
            return;
        }

        var opened = await Settle(() => OpenedAsync(secure));
        steps.Add(("opened", opened));
        if (opened.StartsWith("ok", StringComparison.Ordinal))
        {
            steps.Add(("write", await Settle(() => WriteAsync(secure, "secret"))));
            steps.Add(("echo", await Settle(() => ReadUntilAsync(secure, "secret"))));
        }

        steps.Add(("oldClosed", await Settle(socket.Closed)));
        steps.Add(("close", await Settle(secure.CloseAsync())));
        steps.Add(("closed", await Settle(secure.Closed)));
    }

    private static async Task ReadsToEndAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c);
        for (var i = 1; i <= 3; i++)
        {
            string read = await Settle(async () =>
            {
                var result = await socket.Readable.ReadAsync();
                string text = result.IsCompleted && result.Buffer.IsEmpty ? "done" : Encoding.UTF8.GetString(result.Buffer);
                socket.Readable.AdvanceTo(result.Buffer.End);
                return text;
            });
            steps.Add(($"read{i}", read));
            if (!read.StartsWith("ok ", StringComparison.Ordinal) || read == "ok done")
            {
                break;
            }
        }

        steps.Add(("closed", await Settle(socket.Closed, TimeSpan.FromSeconds(1))));
        steps.Add(("write", await Settle(() => WriteAsync(socket, "x"))));
        steps.Add(("close", await Settle(socket.CloseAsync())));
    }

    private static async Task PropertiesAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c);
        steps.Add(("before", Properties(socket)));
        await Settle(socket.Opened);
        if ((string?)c["secureTransport"] != "starttls")
        {
            steps.Add(("close", await Settle(socket.CloseAsync())));
            return;
        }

        var secure = socket.StartTls();
        steps.Add(("old", Properties(socket)));
        steps.Add(("tls", Properties(secure)));
        steps.Add(("opened", await Settle(() => OpenedAsync(secure))));
        steps.Add(("oldAfterOpened", Properties(socket)));
        steps.Add(("close", await Settle(secure.CloseAsync())));
    }

    private static async Task ManyAsync(JsonObject c, List<(string, string)> steps)
    {
        int count = (int)c["count"]!;
        var sockets = Enumerable.Range(0, count).Select(_ => Open(c)).ToList();
        var first = await Task.WhenAll(sockets.Select(s => Settle(s.Opened, TimeSpan.FromSeconds(1))));
        steps.Add(("opened", $"{first.Count(r => r.StartsWith("ok", StringComparison.Ordinal))} opened, {first.Count(r => r == "pending")} waiting"));
        steps.Add(("closeFirst", await Settle(sockets[0].CloseAsync())));
        steps.Add(("lastOpened", await Settle(() => OpenedAsync(sockets[^1]))));
        steps.Add(("closeAll", await Settle(Task.WhenAll(sockets.Select(s => s.CloseAsync())))));
    }

    private async Task WaitUntilAsync(JsonObject c, List<(string, string)> steps, int phase, WorkerContext ctx)
    {
        string name = (string)c["name"]!;
        if (phase == 2)
        {
            steps.AddRange(_finished.TryRemove(name, out var late) ? late : [("late", "pending")]);
            return;
        }

        bool connectLate = (bool?)c["connectLate"] ?? false;
        WorkerSocket? socket = null;
        if (!connectLate)
        {
            socket = Open(c);
            steps.Add(("opened", await Settle(() => OpenedAsync(socket))));
        }

        ctx.WaitUntil(LateAsync());

        async Task LateAsync()
        {
            var late = new List<(string, string)>();
            if (socket is null)
            {
                late.Add(("lateConnect", Attempt(() => socket = Open(c))));
                late.Add(("lateOpened", await Settle(() => OpenedAsync(socket!))));
            }

            late.Add(("lateWrite", await Settle(() => WriteAsync(socket!, "late"))));
            late.Add(("lateEcho", await Settle(() => ReadUntilAsync(socket!, "late"))));
            late.Add(("lateClose", await Settle(socket!.CloseAsync())));
            _finished[name] = late;
        }
    }

    private static async Task CountBytesAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c);
        var payload = new byte[(int)c["size"]!];
        Array.Fill(payload, (byte)1);

        // As the JavaScript case: the write is not awaited before the writer is completed.
        var writing = socket.Writable.WriteAsync(payload).AsTask();
        steps.Add(("end", await Settle(() => socket.Writable.CompleteAsync().AsTask(), TimeSpan.FromSeconds(10))));
        steps.Add(("write", await Settle(writing)));
        steps.Add(("count", await Settle(() => ReadTextAsync(socket))));
        steps.Add(("closed", await Settle(socket.Closed)));
    }
}
