// Batch 6: StartTLS flows written by different people — options in locals, upgrades in helpers, loops, and errors.
using System;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.TlsFlows;

internal static class Line
{
    public static async Task<string> ExchangeAsync(WorkerSocket socket, string command)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var read = await socket.Readable.ReadAsync();
        var text = Encoding.ASCII.GetString(read.Buffer.FirstSpan);
        socket.Readable.AdvanceTo(read.Buffer.End);
        return text;
    }
}

public static class Upgrades
{
    // Options object in a local, assigned once, with StartTls: fine.
    public static async Task ImapStartTlsAsync(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls, AllowHalfOpen = false };
        var socket = Sockets.Connect(host, 143, options);
        await Line.ExchangeAsync(socket, "a1 STARTTLS");
        socket = socket.StartTls();
        await using (socket)
        {
            await Line.ExchangeAsync(socket, "a2 LOGIN user pass");
        }
    }

    // Options local without the property: the upgrade fails at run time.
    public static async Task PopStlsAsync(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 110, options);
        await Line.ExchangeAsync(socket, "STLS");
        await using var tls = socket.StartTls(); // expect: WSK005
        await Line.ExchangeAsync(tls, "USER me");
    }

    // Null options passed explicitly.
    public static async Task NullOptionsAsync(string host)
    {
        var socket = Sockets.Connect(host, 21, null);
        await Line.ExchangeAsync(socket, "AUTH TLS");
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    // Options built with `with` from a template: not known, stays silent.
    public static async Task WithExpressionAsync(string host, SocketOptions template)
    {
        var options = template with { AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 5222, options);
        await using var tls = socket.StartTls();
        await Line.ExchangeAsync(tls, "<starttls/>");
    }

    // An upgrade helper: the parameter's options are unknown; it returns the new socket (a factory-like helper).
    public static WorkerSocket Upgrade(WorkerSocket socket, string host) =>
        socket.StartTls(new TlsOptions { ExpectedServerHostname = host });

    public static async Task UpgradeThroughHelperAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await Line.ExchangeAsync(socket, "STARTTLS");
        var tls = Upgrade(socket, host);
        await Line.ExchangeAsync(tls, "EHLO worker");
        await tls.CloseAsync();
    }

    // Old socket read in a loop body that runs again after the upgrade inside the same loop.
    public static async Task LoopUpgradeAsync(string host)
    {
        var socket = Sockets.Connect(host, 6697, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket? tls = null;
        for (var i = 0; i < 3; i++)
        {
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n")); // expect: WSK006
            var reply = await Line.ExchangeAsync(tls ?? socket, "NOOP");
            if (reply.StartsWith("STARTTLS", StringComparison.Ordinal) && tls is null)
            {
                tls = socket.StartTls();
            }
        }

        if (tls is not null)
        {
            await tls.CloseAsync();
        }
        else
        {
            await socket.CloseAsync();
        }
    }

    // The failed upgrade: closing the old socket in the catch is fine.
    public static async Task CatchFailedUpgradeAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket tls;
        try
        {
            tls = socket.StartTls();
        }
        catch (InvalidOperationException)
        {
            await socket.CloseAsync();
            throw;
        }

        await using (tls)
        {
            await Line.ExchangeAsync(tls, "EHLO worker");
        }
    }

    // Upgrade then check `Upgraded` and `Closed` on the old socket: those stay meaningful.
    public static async Task<bool> InspectOldAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        await socket.Closed;
        return socket.Upgraded;
    }

    // A second StartTls on the old socket.
    public static async Task DoubleUpgradeAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var first = socket.StartTls();
        await using var second = socket.StartTls(); // expect: WSK006
        await Line.ExchangeAsync(second, "EHLO");
    }

    // Implicit TLS via On, then someone "upgrades" anyway, on the connect itself.
    public static async Task OnThenStartTlsAsync(string host)
    {
        await using var tls = Sockets.Connect(host, 993, new SocketOptions { SecureTransport = SecureTransport.On }).StartTls(); // expect: WSK005
        await Line.ExchangeAsync(tls, "a1 NOOP");
    }

    // Old socket's Stream view used after the upgrade.
    public static async Task StreamAfterUpgradeAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var tls = socket.StartTls();
        await socket.Stream.WriteAsync(Encoding.ASCII.GetBytes("EHLO\r\n")); // expect: WSK006
        await tls.CloseAsync();
    }
}
