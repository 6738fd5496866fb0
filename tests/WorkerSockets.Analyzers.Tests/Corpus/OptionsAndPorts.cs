// Options and ports the rules can and cannot know: assigned twice, assigned null, static readonly, computed.
using System;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.OptionsAndPorts;

static class Config
{
    public static readonly int SmtpPort = 25;
    public static readonly WorkerSocket? Optional = Environment.GetEnvironmentVariable("DB") is { } address ? Sockets.Connect(address) : null; // expect: WSK004
}

static class Edges
{
    public static async Task NullOptionsLocal(string host)
    {
        SocketOptions? options = null;
        await using var tls = Sockets.Connect(host, 587, options).StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task OptionsAssignedTwice(string host, bool upgrade)
    {
        var options = new SocketOptions();
        if (upgrade)
        {
            options = new SocketOptions { SecureTransport = SecureTransport.StartTls };
        }

        await using var tls = Sockets.Connect(host, 587, options).StartTls();
        await tls.Opened;
    }

    public static async Task OptionsInOuterBlock(string host, bool go)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls, AllowHalfOpen = true };
        if (go)
        {
            var plain = Sockets.Connect(host, 587, options);
            await using var tls = plain.StartTls();
            await tls.Opened;
        }
    }

    public static async Task StaticReadonlyPort(string host)
    {
        await using var s = Sockets.Connect(host, Config.SmtpPort);
        await s.Opened;
    }

    public static async Task UsingStatementUpgrade(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using (var tls = plain.StartTls())
        {
            await tls.Opened;
        }

        await plain.Closed;
    }

    public static async Task UriPort(Uri uri)
    {
        await using var s = Sockets.Connect(uri.Host, uri.Port);
        await s.Opened;
    }

    public static async Task DroppedInNonAsync(WorkerSocket s)
    {
        await Task.Yield();
        Finish(s);
    }

    private static Task Finish(WorkerSocket s)
    {
        s.CloseAsync(); // expect: WSK002
        return Task.CompletedTask;
    }
}
