// Batch 3: an IMAP session — capability loop, STARTTLS, and the mistakes around the upgrade.
using System;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch3.Imap;

public sealed class ImapSession : IAsyncDisposable
{
    private WorkerSocket _socket;
    private int _tag;

    public ImapSession(string host)
    {
        _socket = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
    }

    private async Task SendAsync(string command)
    {
        _tag++;
        await _socket.Writable.WriteAsync(Encoding.ASCII.GetBytes($"a{_tag} {command}\r\n"));
    }

    public async Task UpgradeAsync()
    {
        await SendAsync("STARTTLS");
        _socket = _socket.StartTls();
        await _socket.Opened;
    }

    public async Task LoginAsync(string user, string password)
    {
        await SendAsync($"LOGIN {user} {password}");
    }

    public ValueTask DisposeAsync() => _socket.DisposeAsync();
}

public static class ImapUse
{
    public static async Task<bool> CheckAsync(string host, string user, string password)
    {
        await using var session = new ImapSession(host);
        await session.UpgradeAsync();
        await session.LoginAsync(user, password);
        return true;
    }

    // A plain IMAP socket upgraded without the option.
    public static async Task PlainUpgradeAsync(string host)
    {
        var socket = Sockets.Connect($"{host}:143");
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("a1 STARTTLS\r\n"));
        await using var tls = socket.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    // Reads capabilities in a loop; the upgrade happens inside, and the next pass reads the old socket.
    public static async Task CapabilityLoopAsync(string host)
    {
        var socket = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket? secure = null;
        for (var round = 0; round < 2; round++)
        {
            var read = await socket.Readable.ReadAsync(); // expect: WSK006
            var text = Encoding.ASCII.GetString(read.Buffer.FirstSpan);
            socket.Readable.AdvanceTo(read.Buffer.End); // expect: WSK006
            if (secure is null && text.Contains("STARTTLS", StringComparison.Ordinal))
            {
                secure = socket.StartTls();
            }
        }

        if (secure is not null)
        {
            await secure.CloseAsync();
        }
        else
        {
            await socket.CloseAsync();
        }
    }

    // The same loop done right: the variable is reassigned, later passes read the new socket.
    public static async Task CapabilityLoopReassignedAsync(string host)
    {
        var socket = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var upgraded = false;
        for (var round = 0; round < 2; round++)
        {
            var read = await socket.Readable.ReadAsync();
            var text = Encoding.ASCII.GetString(read.Buffer.FirstSpan);
            socket.Readable.AdvanceTo(read.Buffer.End);
            if (!upgraded && text.Contains("STARTTLS", StringComparison.Ordinal))
            {
                socket = socket.StartTls();
                upgraded = true;
            }
        }

        await socket.CloseAsync();
    }

    // Upgrading twice.
    public static async Task DoubleUpgradeAsync(string host)
    {
        var socket = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var first = socket.StartTls();
        var second = socket.StartTls(); // expect: WSK006
        await first.CloseAsync();
        await second.CloseAsync();
    }

    // Closes the old socket in a catch around the upgrade only.
    public static async Task<WorkerSocket?> TryUpgradeAsync(string host)
    {
        var socket = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        try
        {
            var tls = socket.StartTls();
            await tls.Opened;
            return tls;
        }
        catch (Exception)
        {
            await socket.CloseAsync();
            return null;
        }
    }
}
