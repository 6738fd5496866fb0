// Batch 2: STARTTLS chains — options in locals, reassignment, loops, try/catch around the upgrade.
using System;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.TlsChains;

public static class Upgrades
{
    private static ReadOnlyMemory<byte> Line(string text) => Encoding.ASCII.GetBytes(text + "\r\n");

    public static async Task ChainAsync(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls, AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 143, options);
        await socket.Writable.WriteAsync(Line("a1 STARTTLS"));
        socket = socket.StartTls(new TlsOptions { ExpectedServerHostname = host });
        await socket.Writable.WriteAsync(Line("a2 LOGIN user pass"));
        await socket.CloseAsync();
    }

    public static async Task ChainWithoutOptionAsync(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 143, options);
        await socket.Writable.WriteAsync(Line("a1 STARTTLS"));
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    public static async Task NullOptionsAsync(string host)
    {
        await using var tls = Sockets.Connect(host, 5222, null).StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task FluentAsync(string host)
    {
        await using var tls = Sockets.Connect(host, 5222, new SocketOptions { SecureTransport = SecureTransport.StartTls }).StartTls();
        await tls.Opened;
    }

    public static async Task OptionsFromWithAsync(string host, SocketOptions defaults)
    {
        var options = defaults with { AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 5222, options);
        await using var tls = socket.StartTls();
        await tls.Opened;
    }

    public static async Task ConditionalUpgradeAsync(string host, bool secure)
    {
        var socket = Sockets.Connect(host, 110, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        if (secure)
        {
            await socket.Writable.WriteAsync(Line("STLS"));
            var tls = socket.StartTls();
            await tls.Writable.WriteAsync(Line("QUIT"));
            await tls.CloseAsync();
        }
        else
        {
            await socket.Writable.WriteAsync(Line("QUIT"));
            await socket.CloseAsync();
        }
    }

    public static async Task UpgradeFailsAsync(string host)
    {
        var socket = Sockets.Connect(host, 110, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket tls;
        try
        {
            tls = socket.StartTls();
            await tls.Opened;
        }
        catch (Exception)
        {
            await socket.CloseAsync();
            throw;
        }

        await tls.Writable.WriteAsync(Line("QUIT"));
        await tls.CloseAsync();
    }

    // Closes the old socket in finally, after the upgrade.
    public static async Task FinallyClosesOldAsync(string host)
    {
        var socket = Sockets.Connect(host, 110, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        try
        {
            await using var tls = socket.StartTls();
            await tls.Writable.WriteAsync(Line("QUIT"));
        }
        finally
        {
            await socket.CloseAsync(); // expect: WSK006
        }
    }

    // Reads the old socket's stream after the upgrade.
    public static async Task OldStreamAsync(string host, byte[] buffer)
    {
        var socket = Sockets.Connect(host, 110, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        _ = await socket.Stream.ReadAsync(buffer); // expect: WSK006
    }

    // The old socket's Closed and Upgraded stay meaningful.
    public static async Task<bool> WaitOldClosedAsync(string host)
    {
        var socket = Sockets.Connect(host, 110, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        await socket.Closed;
        return socket.Upgraded;
    }

    // A session loop: the first pass upgrades, later passes reuse the upgraded socket through the same variable.
    public static async Task SessionLoopAsync(string host, string[] commands)
    {
        var socket = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var upgraded = false;
        foreach (var command in commands)
        {
            await socket.Writable.WriteAsync(Line(command));
            if (!upgraded && command.EndsWith("STARTTLS", StringComparison.Ordinal))
            {
                socket = socket.StartTls();
                upgraded = true;
            }
        }

        await socket.CloseAsync();
    }

    // The same loop with a second variable: the next pass writes to the old socket.
    public static async Task SessionLoopOldSocketAsync(string host, string[] commands)
    {
        var plain = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket? tls = null;
        foreach (var command in commands)
        {
            await plain.Writable.WriteAsync(Line(command)); // expect: WSK006
            if (tls is null && command == "a1 STARTTLS")
            {
                tls = plain.StartTls();
            }
        }

        if (tls is not null)
        {
            await tls.CloseAsync();
        }
        else
        {
            await plain.CloseAsync();
        }
    }

    // Upgrade inside a helper: options unknown in the helper.
    public static WorkerSocket Secure(WorkerSocket socket) => socket.StartTls();

    public static async Task ViaHelperAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = Secure(socket);
        await tls.Opened;
    }
}
