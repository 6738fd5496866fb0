using System.Text;
using System.Text.Json.Nodes;

namespace WorkerSockets.Differential;

// The kinds of third-kinds.js, step for step.
internal sealed partial class CaseRunner
{
    /// <summary>connect() at module scope in each form of third-kinds.js; run outside any request.</summary>
    private static string GlobalScopeForm(string variant) => Attempt(() =>
    {
        _ = variant switch
        {
            "object" => Sockets.Connect("127.0.0.1", 1),
            "objectPortOutOfRange" => Sockets.Connect("127.0.0.1", 70000),
            "objectNegativePort" => Sockets.Connect("a b", -1),
            "malformedAddress" => Sockets.Connect("no port here"),
            "unsupportedOption" => Sockets.Connect("127.0.0.1:1", new SocketOptions { SecureTransport = Unsupported }),
            _ => throw new InvalidOperationException($"unknown variant {variant}"),
        };
    });

    private static async Task<bool> RunThirdKindAsync(string kind, JsonObject c, List<(string, string)> steps)
    {
        switch (kind)
        {
            case "idleUntilClosed":
                await IdleUntilClosedAsync(c, steps);
                return true;
            case "endTwice":
                await EndTwiceAsync(c, steps);
                return true;
            case "startTlsOnUpgraded":
                var plain = Open(c, "starttls");
                var secure = plain.StartTls();
                steps.Add(("opened", await Settle(() => OpenedAsync(secure))));
                steps.Add(("startTls2", Attempt(() => secure.StartTls())));
                steps.Add(("close", await Settle(secure.CloseAsync())));
                return true;
            case "startTlsEdge":
                await StartTlsEdgeAsync(c, steps);
                return true;
            case "useWhileConnecting":
                var connecting = Open(c);
                var closingEarly = connecting.CloseAsync();
                bool awaitOpened = (bool?)c["awaitOpened"] ?? false;
                if (awaitOpened)
                {
                    steps.Add(("opened", await Settle(() => OpenedAsync(connecting))));
                }

                steps.Add(("read", await Settle(() => ReadOnceAsync(connecting))));
                steps.Add(("write", await Settle(() => WriteAsync(connecting, "x"))));
                if (!awaitOpened)
                {
                    steps.Add(("opened", await Settle(() => OpenedAsync(connecting))));
                }

                steps.Add(("close", await Settle(closingEarly)));
                steps.Add(("closed", await Settle(connecting.Closed)));
                return true;
            case "startTlsWhileClosing":
                await StartTlsWhileClosingAsync(c, steps);
                return true;
            default:
                return false;
        }
    }

    /// <summary>One read as third-kinds.js's readOnce: the text of the chunk, or "done" at the end.</summary>
    private static async Task<string?> ReadChunkAsync(WorkerSocket socket)
    {
        var result = await socket.Readable.ReadAsync();
        string text = result.IsCompleted && result.Buffer.IsEmpty ? "done" : Encoding.UTF8.GetString(result.Buffer);
        socket.Readable.AdvanceTo(result.Buffer.End);
        return text;
    }

    private static async Task IdleUntilClosedAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c);
        steps.Add(("opened", await Settle(() => OpenedAsync(socket))));
        steps.Add(("closedIdle", await Settle(socket.Closed, TimeSpan.FromMilliseconds(1500))));
        string read = await Settle(() => ReadChunkAsync(socket));
        steps.Add(("read", read));
        if (read != "ok done" && read.StartsWith("ok ", StringComparison.Ordinal))
        {
            steps.Add(("readAgain", await Settle(() => ReadChunkAsync(socket))));
        }

        if (!((bool?)c["skipWrite"] ?? false))
        {
            steps.Add(("write", await Settle(() => WriteAsync(socket, "x"))));
        }

        steps.Add(("close", await Settle(socket.CloseAsync())));
        steps.Add(("closed", await Settle(socket.Closed)));
    }

    private static async Task EndTwiceAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c);
        steps.Add(("opened", await Settle(() => OpenedAsync(socket))));
        if ((string?)c["scenario"] == "afterClose")
        {
            steps.Add(("close", await Settle(socket.CloseAsync())));
            steps.Add(("end", await Settle(() => socket.Writable.CompleteAsync().AsTask())));
        }
        else
        {
            steps.Add(("write", await Settle(() => WriteAsync(socket, "ping"))));
            steps.Add(("end1", await Settle(() => socket.Writable.CompleteAsync().AsTask())));
            steps.Add(("end2", await Settle(() => socket.Writable.CompleteAsync().AsTask())));
            steps.Add(("read", await Settle(() => ReadTextAsync(socket))));
        }

        steps.Add(("closed", await Settle(socket.Closed)));
    }

    private static async Task StartTlsEdgeAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c, "starttls");
        if ((string?)c["scenario"] == "afterWriterClose")
        {
            steps.Add(("opened1", await Settle(() => OpenedAsync(socket))));
            steps.Add(("end", await Settle(() => socket.Writable.CompleteAsync().AsTask())));
        }

        WorkerSocket? secure = null;
        steps.Add(("startTls", Attempt(() => secure = socket.StartTls())));
        if (secure is null)
        {
            return;
        }

        var writing = StartWrite(secure, Encoding.UTF8.GetBytes("early"));
        steps.Add(("opened", await Settle(() => OpenedAsync(secure))));
        string write = await Settle(writing);
        steps.Add(("write", write));
        if (write == "ok")
        {
            steps.Add(("echo", await Settle(() => ReadChunkAsync(secure))));
        }

        steps.Add(("close", await Settle(secure.CloseAsync())));
        steps.Add(("closed", await Settle(secure.Closed)));
    }

    private static async Task StartTlsWhileClosingAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c, "starttls");
        steps.Add(("opened1", await Settle(() => OpenedAsync(socket))));
        var closing = socket.CloseAsync();
        WorkerSocket? secure = null;
        steps.Add(("startTls", Attempt(() => secure = socket.StartTls())));
        if (secure is not null)
        {
            steps.Add(("opened", await Settle(() => OpenedAsync(secure))));
            steps.Add(("closeTls", await Settle(secure.CloseAsync())));
        }

        steps.Add(("close", await Settle(closing)));
        steps.Add(("closed", await Settle(socket.Closed)));
    }
}
