// Batch 7 (root cause 6 and the WSK006 loop miss of 7): s = s.StartTls() in the forms other developers write, and
// uses of the old socket that a loop brings round again. Written from docs/rules/WSK005.md and WSK006.md alone.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.Tls;

public sealed class Mailer
{
    private static readonly SocketOptions StartTlsOptions = new() { SecureTransport = SecureTransport.StartTls };
    private WorkerSocket _connection = null!;

    public async Task ReassignPlain(string host)
    {
        var socket = Sockets.Connect(host, 587);
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    public async Task ReassignInsideIf(string host, bool secure)
    {
        WorkerSocket socket = Sockets.Connect($"{host}:587");
        if (secure)
        {
            socket = socket.StartTls(); // expect: WSK005
        }

        await socket.CloseAsync();
    }

    public async Task ReassignImplicitTls(string host)
    {
        var socket = Sockets.Connect(host, 465, new SocketOptions { SecureTransport = SecureTransport.On });
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    public async Task ReassignWithOptionsLocal(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 587, options);
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    public async Task UsingPlainThenUpgrade(string host)
    {
        await using var plain = Sockets.Connect(host, 587);
        await using var secure = plain.StartTls(); // expect: WSK005
        await secure.Opened;
    }

    public async Task ReassignStartTlsOptions(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        socket = socket.StartTls();
        await socket.CloseAsync();
    }

    public async Task ReassignStaticOptions(string host)
    {
        var socket = Sockets.Connect(host, 587, StartTlsOptions);
        socket = socket.StartTls();
        await socket.CloseAsync();
    }

    public async Task LastAssignmentWins(string host)
    {
        var socket = Sockets.Connect(host, 25); // expect: WSK001
        await socket.CloseAsync();
        socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        socket = socket.StartTls();
        await socket.CloseAsync();
    }

    public async Task HyperdriveReassign(Hyperdrive database)
    {
        var socket = database.Connect();
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    public async Task ReassignInLoop(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            var socket = Sockets.Connect(host, 587);
            socket = socket.StartTls(); // expect: WSK005
            await socket.CloseAsync();
        }
    }

    // A field's options are not known here (the page follows locals only): quiet.
    public async Task FieldUpgrade(string host)
    {
        _connection = Sockets.Connect(host, 587);
        this._connection = this._connection.StartTls();
        await _connection.CloseAsync();
    }

    public async Task OldUseEarlierInLoop(string host, IReadOnlyList<string> commands)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket? tls = null;
        foreach (var command in commands)
        {
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(command)); // expect: WSK006
            if (command == "STARTTLS")
            {
                // Scored after reading the analyzers: the next pass can store a second upgraded socket in tls while the first is
                // open (WSK007's loop promise). The StartTls call itself is not WSK006's: whether a guard lets it run twice is
                // not known at compile time, and the page now says so.
                tls = socket.StartTls(); // expect: WSK007
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

    public async Task OldUseEarlierInWhile(string host)
    {
        // The path on which the loop never upgrades leaves the plain socket open (nothing closes it after the loop).
        var socket = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls }); // expect: WSK007
        var round = 0;
        while (round < 3)
        {
            var read = await socket.Readable.ReadAsync(); // expect: WSK006
            socket.Readable.AdvanceTo(read.Buffer.End); // expect: WSK006
            round++;
            if (round == 1)
            {
                var tls = socket.StartTls(); // the upgrade itself: not reported when the loop comes back to it (see the page)
                await tls.CloseAsync();
            }
        }
    }

    public async Task ReassignedInLoop(string host, IReadOnlyList<string> commands)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var upgraded = false;
        foreach (var command in commands)
        {
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(command));
            if (!upgraded && command == "STARTTLS")
            {
                socket = socket.StartTls();
                upgraded = true;
            }
        }

        await socket.CloseAsync();
    }

    public async Task UpgradeThenLeaveLoop(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket? tls = null;
        for (var i = 0; i < 5; i++)
        {
            await socket.Writable.WriteAsync(new byte[] { (byte)i });
            if (i == 2)
            {
                tls = socket.StartTls();
                break;
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

    public async Task UseAfterUpgradeInSameIteration(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        Console.WriteLine(socket.Upgraded);
        await socket.Closed;
        await socket.Writable.FlushAsync(); // expect: WSK006
    }
}
