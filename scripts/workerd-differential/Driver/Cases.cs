using System.Text;
using System.Text.Json.Nodes;

namespace WorkerSockets.Differential;

// The kinds of worker.js, step for step.
internal sealed partial class CaseRunner
{
    private async Task RunKindAsync(string kind, JsonObject c, List<(string, string)> steps, int phase, WorkerContext ctx)
    {
        if (await RunMoreKindAsync(kind, c, steps, phase, ctx))
        {
            return;
        }

        switch (kind)
        {
            case "connect":
                await ConnectAsync(c, steps);
                break;
            case "closeBeforeOpen":
                var socket = Open(c);
                var closing = socket.CloseAsync();
                steps.Add(("opened", await Settle(() => OpenedAsync(socket))));
                steps.Add(("close", await Settle(closing)));
                steps.Add(("closed", await Settle(socket.Closed)));
                break;
            case "earlyWrite":
                await EarlyWriteAsync(c, steps);
                break;
            case "useAfterClose":
                await UseAfterCloseAsync(c, steps);
                break;
            case "readPendingAtClose":
                var silent = Open(c);
                await silent.Opened;
                var read = ReadOnceAsync(silent);
                steps.Add(("close", await Settle(silent.CloseAsync())));
                steps.Add(("read", await Settle(() => read)));
                break;
            case "peerEnds":
                var ending = Open(c);
                steps.Add(("read", await Settle(() => ReadTextAsync(ending))));
                steps.Add(("closed", await Settle(ending.Closed, TimeSpan.FromSeconds(1))));
                steps.Add(("write", await Settle(() => WriteAsync(ending, "x"))));
                steps.Add(("close", await Settle(ending.CloseAsync())));
                break;
            case "writerClose":
                var echo = Open(c);
                steps.Add(("write", await Settle(() => WriteAsync(echo, "ping"))));
                steps.Add(("end", await Settle(() => echo.Writable.CompleteAsync().AsTask())));
                steps.Add(("read", await Settle(() => ReadTextAsync(echo))));
                steps.Add(("writeAfter", await Settle(() => WriteAsync(echo, "x"))));
                steps.Add(("closed", await Settle(echo.Closed)));
                break;
            case "reset":
                await ResetAsync(c, steps);
                break;
            case "tls":
                await TlsAsync(c, steps);
                break;
            case "startTls":
                await StartTlsAsync(c, steps);
                break;
            case "crossRequest":
                await CrossRequestAsync(c, steps, phase);
                break;
            case "largeWrite":
                await LargeWriteAsync(c, steps);
                break;
            default:
                throw new InvalidOperationException($"unknown kind {kind}");
        }
    }

    private static async Task ConnectAsync(JsonObject c, List<(string, string)> steps)
    {
        WorkerSocket? socket = null;
        steps.Add(("connect", Attempt(() => socket = Open(c))));
        if (socket is null)
        {
            return;
        }

        steps.Add(("opened", await Settle(() => OpenedAsync(socket))));
        steps.Add(("close", await Settle(socket.CloseAsync())));
        steps.Add(("closed", await Settle(socket.Closed)));
        steps.Add(("close2", await Settle(socket.CloseAsync())));
    }

    private static async Task EarlyWriteAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c);
        steps.Add(("write", await Settle(() => WriteAsync(socket, "early"))));
        steps.Add(("read", await Settle(() => ReadTextOnceAsync(socket))));
        switch ((string?)c["then"])
        {
            case "cancelReader":
                steps.Add(("cancel", await Settle(() => socket.Readable.CompleteAsync().AsTask())));
                steps.Add(("readAfter", await Settle(() => ReadOnceAsync(socket))));
                steps.Add(("write2", await Settle(() => WriteAsync(socket, "x"))));
                break;
            case "abortWriter":
                steps.Add(("abort", await Settle(() => socket.Writable.CompleteAsync(new InvalidOperationException("encoder failed")).AsTask())));
                steps.Add(("write2", await Settle(() => WriteAsync(socket, "x"))));
                break;
            case "readAfterEnd":
                steps.Add(("end", await Settle(() => socket.Writable.CompleteAsync().AsTask())));
                steps.Add(("readEnd", await Settle(() => ReadOnceAsync(socket))));
                steps.Add(("readAgain", await Settle(() => ReadOnceAsync(socket))));
                break;
        }

        steps.Add(("closed", await Settle(socket.Closed, TimeSpan.FromSeconds(1))));
        steps.Add(("close", await Settle(socket.CloseAsync())));
        steps.Add(("closedAfterClose", await Settle(socket.Closed)));
    }

    private static async Task UseAfterCloseAsync(JsonObject c, List<(string, string)> steps)
    {
        bool afterClosed = (bool?)c["afterClosed"] ?? false;
        var socket = Open(c);
        await socket.Opened;
        var closing = socket.CloseAsync();
        if (!afterClosed)
        {
            steps.Add(("read", await Settle(() => ReadOnceAsync(socket))));
            steps.Add(("write", await Settle(() => WriteAsync(socket, "x"))));
        }

        steps.Add(("close", await Settle(closing)));
        if (afterClosed)
        {
            steps.Add(("read", await Settle(() => ReadOnceAsync(socket))));
            steps.Add(("write", await Settle(() => WriteAsync(socket, "x"))));
        }

        steps.Add(("closed", await Settle(socket.Closed)));
    }

    private static async Task ResetAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c);
        steps.Add(("write", await Settle(() => WriteAsync(socket, "go"))));
        if ((string?)c["mode"] == "read")
        {
            var text = new StringBuilder();
            steps.Add(("read", await Settle(async () => $"done after {await ReadTextAsync(socket, text)}")));
            steps.Add(("readAgain", await Settle(() => ReadOnceAsync(socket))));
            steps.Add(("writeAfter", await Settle(() => WriteAsync(socket, "x"))));
        }
        else
        {
            var chunk = new byte[65536];
            steps.Add(("writes", await Settle(
                async () =>
                {
                    for (var i = 0; i < 2000; i++)
                    {
                        await socket.Writable.WriteAsync(chunk);
                    }

                    return "all written";
                },
                TimeSpan.FromSeconds(10))));
            steps.Add(("writeAgain", await Settle(() => socket.Writable.WriteAsync(chunk).AsTask())));
        }

        steps.Add(("closed", await Settle(socket.Closed)));
        steps.Add(("close", await Settle(socket.CloseAsync())));
    }

    private static async Task TlsAsync(JsonObject c, List<(string, string)> steps)
    {
        var socket = Open(c, "on");
        var opened = await Settle(() => OpenedAsync(socket));
        steps.Add(("opened", opened));
        if (opened.StartsWith("ok", StringComparison.Ordinal))
        {
            await WriteAsync(socket, "secret");
            steps.Add(("echo", await Settle(() => ReadTextOnceAsync(socket))));
        }

        steps.Add(("close", await Settle(socket.CloseAsync())));
        steps.Add(("closed", await Settle(socket.Closed)));
    }

    private static async Task StartTlsAsync(JsonObject c, List<(string, string)> steps)
    {
        string scenario = (string)c["scenario"]!;
        var socket = Open(c);
        if (scenario == "afterClose")
        {
            await Settle(socket.Opened);
            await Settle(socket.CloseAsync());
        }

        if (scenario == "afterPeerEnd")
        {
            await Settle(() => ReadTextAsync(socket));
            await Settle(socket.Closed, TimeSpan.FromSeconds(1));
        }

        var tlsOptions = c["tlsOptions"] is JsonObject o ? new TlsOptions { ExpectedServerHostname = (string?)o["expectedServerHostname"] } : null;
        WorkerSocket? secure = null;
        steps.Add(("startTls", Attempt(() => secure = socket.StartTls(tlsOptions))));
        if (scenario == "twice")
        {
            steps.Add(("startTls2", Attempt(() => socket.StartTls())));
        }

        if (scenario == "twiceAfterOpened" && secure is not null)
        {
            steps.Add(("opened1", await Settle(() => OpenedAsync(secure))));
            steps.Add(("startTls2", Attempt(() => socket.StartTls())));
        }

        if (secure is null)
        {
            steps.Add(("close", await Settle(socket.CloseAsync())));
            return;
        }

        var opened = await Settle(() => OpenedAsync(secure));
        steps.Add(("opened", opened));
        if (scenario == "useOld")
        {
            steps.Add(("oldWrite", await Settle(() => WriteAsync(socket, "x"))));
            steps.Add(("oldRead", await Settle(() => ReadOnceAsync(socket))));
        }

        if (opened.StartsWith("ok", StringComparison.Ordinal))
        {
            await WriteAsync(secure, "upgraded");
            steps.Add(("echo", await Settle(() => ReadTextOnceAsync(secure))));
        }

        steps.Add(("oldClosed", await Settle(socket.Closed)));
        steps.Add(("close", await Settle(secure.CloseAsync())));
        steps.Add(("closed", await Settle(secure.Closed)));
    }

    private async Task CrossRequestAsync(JsonObject c, List<(string, string)> steps, int phase)
    {
        string name = (string)c["name"]!;
        if (phase == 1)
        {
            var opening = Open(c);
            steps.Add(("opened", await Settle(() => OpenedAsync(opening))));
            _saved[name] = opening;
            return;
        }

        var socket = _saved[name];
        _saved.Remove(name);
        switch ((string?)c["action"])
        {
            case "write":
                steps.Add(("write", await Settle(() => WriteAsync(socket, "x"))));
                break;
            case "read":
                steps.Add(("read", await Settle(() => ReadOnceAsync(socket))));
                break;
            case "close":
                steps.Add(("close", await Settle(() => socket.CloseAsync())));
                break;
            case "startTls":
                steps.Add(("startTls", Attempt(() => socket.StartTls())));
                break;
        }

        steps.Add(("closed", await Settle(socket.Closed, TimeSpan.FromSeconds(1))));
    }

    private static async Task LargeWriteAsync(JsonObject c, List<(string, string)> steps)
    {
        int size = (int)c["size"]!;
        var socket = Open(c);
        var payload = new byte[size];
        Array.Fill(payload, (byte)7);
        var writing = socket.Writable.WriteAsync(payload).AsTask();
        steps.Add(("read", await Settle(
            async () =>
            {
                long received = 0;
                while (received < size)
                {
                    var result = await socket.Readable.ReadAsync();
                    received += result.Buffer.Length;
                    socket.Readable.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }

                return received;
            },
            TimeSpan.FromSeconds(10))));
        steps.Add(("write", await Settle(writing)));
        steps.Add(("close", await Settle(socket.CloseAsync())));
    }
}
