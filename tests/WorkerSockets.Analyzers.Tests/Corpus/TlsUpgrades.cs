// STARTTLS flows (SMTP submission, PostgreSQL SSLRequest), with the options in every shape users write them.
using System;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.TlsUpgrades;

static class Smtp
{
    private static readonly SocketOptions Upgradable = new() { SecureTransport = SecureTransport.StartTls };

    public static async Task Submit(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await plain.Writable.WriteAsync(Encoding.ASCII.GetBytes("STARTTLS\r\n"));
        await using var tls = plain.StartTls(new TlsOptions { ExpectedServerHostname = host });
        await tls.Writable.WriteAsync(Encoding.ASCII.GetBytes("EHLO me\r\n"));
        _ = plain.Upgraded;
        await plain.Closed;
    }

    public static async Task TargetTypedOptions(string host)
    {
        var plain = Sockets.Connect(host, 587, new() { SecureTransport = SecureTransport.StartTls });
        await using var tls = plain.StartTls();
        await tls.Opened;
    }

    public static async Task TargetTypedWithoutProperty(string host)
    {
        var plain = Sockets.Connect(host, 587, new() { AllowHalfOpen = true });
        await using var tls = plain.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task OptionsFromStaticField(string host)
    {
        var plain = Sockets.Connect(host, 587, Upgradable);
        await using var tls = plain.StartTls();
        await tls.Opened;
    }

    public static async Task OptionsParameter(string host, SocketOptions options)
    {
        var plain = Sockets.Connect(host, 587, options);
        await using var tls = plain.StartTls();
        await tls.Opened;
    }

    public static async Task OptionsWithExpression(string host)
    {
        var options = Upgradable with { AllowHalfOpen = true };
        var plain = Sockets.Connect(host, 587, options);
        await using var tls = plain.StartTls();
        await tls.Opened;
    }

    public static async Task LocalOptionsOn(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.On };
        var plain = Sockets.Connect(host, 465, options);
        await using var tls = plain.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task ExplicitOff(string host)
    {
        var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.Off, AllowHalfOpen = true });
        await using var tls = plain.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task ChainedOnConnect(string host)
    {
        await using var tls = Sockets.Connect(host, 5432, null).StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task ReassignedUpgrade(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Writable.WriteAsync(new byte[] { 0, 0, 0, 8, 4, 210, 22, 47 });
        s = s.StartTls(); // expect: WSK005
        await s.Writable.WriteAsync(new byte[] { 1 });
        await s.CloseAsync();
    }

    public static async Task ReassignedUpgradeAllowed(string host)
    {
        var s = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        s = s.StartTls();
        await s.Writable.WriteAsync(new byte[] { 1 });
        await s.CloseAsync();
    }

    public static async Task OldSocketWrittenAfterUpgrade(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var tls = plain.StartTls();
        await plain.Writable.WriteAsync(Encoding.ASCII.GetBytes("EHLO\r\n")); // expect: WSK006
        await tls.CloseAsync();
        await plain.CloseAsync(); // expect: WSK006
    }

    public static async Task UpgradeInOneBranch(string host, bool secure)
    {
        var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        if (secure)
        {
            var tls = plain.StartTls();
            await tls.Opened;
            await tls.CloseAsync();
        }
        else
        {
            await plain.Writable.WriteAsync(new byte[] { 1 });
            await plain.CloseAsync();
        }
    }

    public static async Task UpgradeInLoopThenReuse(string host, int rounds)
    {
        var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls }); // expect: WSK007
        for (var i = 0; i < rounds; i++)
        {
            await plain.Writable.WriteAsync(new byte[] { 1 }); // expect: WSK006
            if (i == 1)
            {
                var tls = plain.StartTls();
                await tls.CloseAsync();
            }
        }
    }

    public static async Task UpgradedSocketLeaks(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var tls = plain.StartTls(); // expect: WSK007
        await tls.Writable.WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n"));
    }

    public static async Task BothUsing(string host)
    {
        await using var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = plain.StartTls();
        await tls.Opened;
    }

    public static WorkerSocket Upgrade(WorkerSocket socket) => socket.StartTls();

    public static async Task HelperUpgrades(string host)
    {
        var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = Upgrade(plain);
        await tls.Opened;
    }
}
