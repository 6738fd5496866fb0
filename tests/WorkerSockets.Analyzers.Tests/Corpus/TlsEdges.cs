// Upgrade edge cases: options the rule cannot know, upgrades that failed, helpers that upgrade, loops that stop.
using System;
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.TlsEdges;

static class Upgrades
{
    private static readonly SocketOptions TlsOn = new() { SecureTransport = SecureTransport.On };

    public static async Task FieldOptions(string host)
    {
        await using var tls = Sockets.Connect(host, 5432, TlsOn).StartTls();
        await tls.Opened;
    }

    public static async Task ComputedTransport(string host, bool upgrade)
    {
        var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = upgrade ? SecureTransport.StartTls : SecureTransport.Off });
        await using var tls = plain.StartTls();
        await tls.Opened;
    }

    public static async Task EndpointWithOn(string host)
    {
        var plain = Sockets.Connect(new DnsEndPoint(host, 587), new SocketOptions { SecureTransport = SecureTransport.On });
        await using var tls = plain.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task CloseOldWhenUpgradeFails(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket tls;
        try
        {
            tls = plain.StartTls();
        }
        catch (InvalidOperationException)
        {
            await plain.CloseAsync();
            throw;
        }

        await tls.Opened;
        await tls.CloseAsync();
    }

    public static async Task ReadOldAfterUpgrade(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = plain.StartTls();
        var reader = plain.Readable; // expect: WSK006
        await reader.CompleteAsync();
        await using var stream = plain.Stream; // expect: WSK006
    }

    public static async Task UpgradeThroughHelper(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var tls = Upgrade(plain);
        await plain.Writable.FlushAsync();
        await tls.CloseAsync();
    }

    public static async Task OtherSocketAfterUpgrade(string a, string b)
    {
        var first = Sockets.Connect(a, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var second = Sockets.Connect(b, 587);
        await using var tls = first.StartTls();
        await second.Writable.FlushAsync();
    }

    public static async Task LoopStopsAtUpgrade(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket? tls = null;
        for (var i = 0; ; i++)
        {
            await plain.Writable.WriteAsync(new byte[] { (byte)i });
            if (i == 2)
            {
                tls = plain.StartTls();
                break;
            }
        }

        await tls.CloseAsync();
    }

    public static async Task ConditionalReassign(string host, bool secure)
    {
        var s = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        if (secure)
        {
            s = s.StartTls();
        }

        await s.Writable.FlushAsync();
        await s.CloseAsync();
    }

    public static async Task StatusAfterUpgrade(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = plain.StartTls();
        Console.WriteLine(plain.Upgraded + " " + plain.SecureTransport);
        await plain.Closed;
    }

    private static WorkerSocket Upgrade(WorkerSocket s) => s.StartTls();
}
