// Batch 5: STARTTLS flows in protocols that negotiate: IMAP CAPABILITY, LDAP StartTLS extended op, custom framing.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.TlsFlows;

public static class Negotiation
{
    private static readonly SocketOptions Upgradeable = new() { SecureTransport = SecureTransport.StartTls };

    private static async Task<bool> OffersStartTlsAsync(WorkerSocket socket, CancellationToken ct)
    {
        await socket.Writable.WriteAsync("a0 CAPABILITY\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        var reply = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
        var text = Encoding.ASCII.GetString(reply.Buffer.FirstSpan);
        socket.Readable.AdvanceTo(reply.Buffer.End);
        return text.Contains("STARTTLS", StringComparison.Ordinal);
    }

    public static async Task UpgradeWhenOffered(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 143, Upgradeable);
        WorkerSocket? tls = null;
        if (await OffersStartTlsAsync(socket, ct).ConfigureAwait(false))
        {
            tls = socket.StartTls();
        }

        if (tls is not null)
        {
            await tls.CloseAsync().ConfigureAwait(false);
        }
        else
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task UpgradeWhenOfferedCloseBoth(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 143, Upgradeable);
        WorkerSocket? tls = null;
        if (await OffersStartTlsAsync(socket, ct).ConfigureAwait(false))
        {
            tls = socket.StartTls();
        }

        await socket.CloseAsync().ConfigureAwait(false); // expect: WSK006
        if (tls is not null)
        {
            await tls.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task LoopSendsOnOldSocket(string host, string[] commands, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 143, Upgradeable);
        WorkerSocket? tls = null;
        foreach (var command in commands)
        {
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), ct).ConfigureAwait(false); // expect: WSK006
            if (tls is null && command.EndsWith("STARTTLS", StringComparison.Ordinal))
            {
                tls = socket.StartTls();
            }
        }

        if (tls is not null)
        {
            await tls.CloseAsync().ConfigureAwait(false);
        }
        else
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task LoopReassigns(string host, string[] commands, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 143, Upgradeable);
        var upgraded = false;
        foreach (var command in commands)
        {
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), ct).ConfigureAwait(false);
            if (!upgraded && command.EndsWith("STARTTLS", StringComparison.Ordinal))
            {
                socket = socket.StartTls();
                upgraded = true;
            }
        }

        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task CatchAroundFailedUpgrade(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 389, Upgradeable);
        WorkerSocket tls;
        try
        {
            tls = socket.StartTls(new TlsOptions { ExpectedServerHostname = host });
        }
        catch (Exception)
        {
            await socket.CloseAsync().ConfigureAwait(false);
            throw;
        }

        await using (tls.ConfigureAwait(false))
        {
            await tls.Writable.WriteAsync(new byte[] { 0x30, 0x00 }, ct).ConfigureAwait(false);
        }
    }

    public static async Task ReadsClosedAfterUpgrade(string host)
    {
        var socket = Sockets.Connect(host, 389, Upgradeable);
        await using var tls = socket.StartTls();
        await socket.Closed.ConfigureAwait(false);
        Console.WriteLine(socket.Upgraded);
    }

    public static async Task StartTlsTwice(string host)
    {
        var socket = Sockets.Connect(host, 389, Upgradeable);
        await using var first = socket.StartTls();
        await using var second = socket.StartTls(); // expect: WSK006
    }

    public static async Task UpgradeUnknownOptions(WorkerSocket socket, CancellationToken ct)
    {
        await socket.Writable.WriteAsync("STARTTLS\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        await using var tls = socket.StartTls();
        await tls.Writable.WriteAsync("NOOP\r\n"u8.ToArray(), ct).ConfigureAwait(false);
    }

    public static async Task OptionsNullLiteral(string host)
    {
        var socket = Sockets.Connect(host, 143, null);
        await using var tls = socket.StartTls(); // expect: WSK005
    }

    public static async Task OptionsOffExplicit(string host)
    {
        var socket = Sockets.Connect($"{host}:143", new SocketOptions { SecureTransport = SecureTransport.Off, AllowHalfOpen = true });
        await using var tls = socket.StartTls(); // expect: WSK005
    }

    public static async Task InlineStartTls(string host)
    {
        await using var tls = Sockets.Connect(host, 143).StartTls(); // expect: WSK005
    }

    public static async Task UpgradeLeaksNewSocket(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 143, Upgradeable);
        var tls = socket.StartTls(); // expect: WSK007
        await tls.Writable.WriteAsync("a1 LOGIN\r\n"u8.ToArray(), ct).ConfigureAwait(false);
    }
}
