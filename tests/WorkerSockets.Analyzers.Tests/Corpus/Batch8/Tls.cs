// Batch 8: STARTTLS on sockets not opened for it (docs/rules/WSK005.md) and uses of the old socket after the upgrade
// (WSK006.md), copied from the pages and varied. Written from the rule pages alone.
using System;
using System.Buffers;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Tls;

public sealed class Env
{
    public Hyperdrive Database { get; } = new("postgres://u:p@db.example.com:5432/app");
}

public static class Wire
{
    public static async Task SendAsync(WorkerSocket socket, string line) =>
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

    public static bool IsUpgraded(WorkerSocket socket) => socket.Upgraded;
}

public sealed class Upgrades
{
    private static readonly byte[] Query = Encoding.ASCII.GetBytes("Q");

    public async Task NoOptions()
    {
        var s = Sockets.Connect("db.example.com:5432");
        await using var tls = s.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public async Task ImplicitTls(string host)
    {
        var t = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.On });
        await using var tls2 = t.StartTls(); // expect: WSK005
        await tls2.Opened;
    }

    public async Task HyperdriveUpgrade(Env env)
    {
        var pg = env.Database.Connect();
        await using var tls3 = pg.StartTls(); // expect: WSK005
        await tls3.Opened;
    }

    public async Task NullOptions(string host)
    {
        var s = Sockets.Connect(host, 5432, null);
        await using var tls = s.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public async Task EmptyOptionsLocal(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        var s = Sockets.Connect(host, 587, options);
        await using var tls = s.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public async Task ReassignedOff(string host)
    {
        var s = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.Off });
        s = s.StartTls(); // expect: WSK005
        await s.CloseAsync();
    }

    public async Task InlineUpgrade(string host)
    {
        await using var tls = Sockets.Connect(host, 5432).StartTls(); // expect: WSK005
        await tls.Opened;
    }

    // Quiet: opened for STARTTLS, or options this method cannot see.
    public async Task Proper(string host)
    {
        var s = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = s.StartTls();
        await tls.Opened;
    }

    public async Task ProperReassigned(string host)
    {
        WorkerSocket s = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await Wire.SendAsync(s, "STARTTLS");
        s = s.StartTls();
        await Wire.SendAsync(s, "EHLO me");
        await s.CloseAsync();
    }

    public WorkerSocket Upgrade(WorkerSocket socket) => socket.StartTls();

    public async Task FromParameterOptions(string host, SocketOptions options)
    {
        var s = Sockets.Connect(host, 587, options);
        await using var tls = s.StartTls();
        await tls.Opened;
    }

    public async Task WithExpression(string host, SocketOptions baseline)
    {
        var s = Sockets.Connect(host, 587, baseline with { AllowHalfOpen = true });
        await using var tls = s.StartTls();
        await tls.Opened;
    }

    // WSK006: the old socket after the upgrade.
    public async Task OldSocketWrite(WorkerSocket socket)
    {
        await using var tls = socket.StartTls();
        await socket.Writable.WriteAsync(Query); // expect: WSK006
        await socket.CloseAsync(); // expect: WSK006
    }

    public async Task OldSocketHelper(WorkerSocket socket)
    {
        await using var tls = socket.StartTls();
        await Wire.SendAsync(socket, "EHLO me"); // expect: WSK006
    }

    public async Task OldSocketRead(WorkerSocket socket)
    {
        var upgraded = socket.StartTls();
        try
        {
            var result = await socket.Readable.ReadAsync(); // expect: WSK006
            Console.WriteLine(result.Buffer.Length);
        }
        finally
        {
            await upgraded.CloseAsync();
        }
    }

    public async Task OldSocketInFinally(WorkerSocket socket)
    {
        try
        {
            await using var tls = socket.StartTls();
            await tls.Writable.WriteAsync(Query);
        }
        finally
        {
            await socket.CloseAsync(); // expect: WSK006
        }
    }

    public async Task LoopComesBack(WorkerSocket socket, string[] commands)
    {
        WorkerSocket? tls = null;
        foreach (var command in commands)
        {
            await Wire.SendAsync(socket, command); // expect: WSK006
            if (command == "STARTTLS")
            {
                // WSK006's page: WSK007 reports that the next pass may replace a socket still open in `tls`.
                tls = socket.StartTls(); // expect: WSK007
            }
        }

        if (tls is not null)
        {
            await tls.CloseAsync();
        }
    }

    // Quiet: uses before the upgrade, the new socket, the state flags, the other branch, a catch around a failed upgrade.
    public async Task BeforeAndAfter(WorkerSocket socket)
    {
        await socket.Writable.WriteAsync(Query);
        await using var tls = socket.StartTls();
        await tls.Writable.WriteAsync(Query);
        Console.WriteLine(socket.Upgraded);
        Console.WriteLine(Wire.IsUpgraded(socket));
        await socket.Closed;
    }

    public async Task Reassigned(WorkerSocket socket)
    {
        socket = socket.StartTls();
        await socket.Writable.WriteAsync(Query);
        await socket.CloseAsync();
    }

    public async Task OtherBranch(WorkerSocket socket, bool secure)
    {
        if (secure)
        {
            await using var tls = socket.StartTls();
            await tls.Writable.WriteAsync(Query);
        }
        else
        {
            await socket.Writable.WriteAsync(Query);
            await socket.CloseAsync();
        }
    }

    public async Task CatchAroundUpgrade(WorkerSocket socket)
    {
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

        await tls.CloseAsync();
    }

    public async Task NullMeansNotUpgraded(WorkerSocket socket, bool secure)
    {
        WorkerSocket? tls = null;
        if (secure)
        {
            tls = socket.StartTls();
        }

        if (tls is not null) await tls.CloseAsync();
        else await socket.CloseAsync();
    }
}
