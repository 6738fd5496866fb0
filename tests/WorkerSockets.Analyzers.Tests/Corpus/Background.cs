// Work handed to the context after the response, and helpers that do or do not close what they are given.
using System;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Background;

sealed class AuditWriter
{
    private readonly WorkerSocket socket;

    public AuditWriter(string host) => socket = Sockets.Connect(host, 5140);

    public Task WriteAsync(string line) => socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(line)).AsTask();

    public Task CloseAsync() => socket.CloseAsync();
}

static class AfterResponse
{
    public static void FlushLater(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 5140); // expect: WSK007
        ctx.WaitUntil(Send(s, "audit"));
    }

    public static void FlushAndCloseLater(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 5140);
        ctx.WaitUntil(SendAndClose(s, "audit"));
    }

    public static void LambdaLater(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 5140);
        ctx.WaitUntil(Task.Run(async () =>
        {
            await Send(s, "audit");
            await s.CloseAsync();
        }));
    }

    public static async Task AuditObject(string host)
    {
        var audit = new AuditWriter(host);
        await audit.WriteAsync("start");
        await audit.CloseAsync();
    }

    public static async Task WithTimeout(string host)
    {
        await using var s = Sockets.Connect(host, 5140);
        var winner = await Task.WhenAny(s.Opened, Task.Delay(TimeSpan.FromSeconds(1)));
        if (winner != s.Opened)
        {
            throw new TimeoutException(host);
        }
    }

    private static async Task Send(WorkerSocket s, string line) => await s.Writable.WriteAsync(Encoding.UTF8.GetBytes(line));

    private static async Task SendAndClose(WorkerSocket s, string line)
    {
        await Send(s, line);
        await s.CloseAsync();
    }
}
