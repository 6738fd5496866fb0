// Batch 6, fifth round: helpers that do the I/O (called with the old socket after StartTls), statics initialized by a
// factory, and LINQ fan-out (which the WSK008 page leaves to the loop check: quiet).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.HelpersAfterUpgrade;

internal static class Smtp
{
    public static async Task SendAsync(WorkerSocket socket, string line) => await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

    public static Task EhloAsync(WorkerSocket socket) => SendAsync(socket, "EHLO worker");

    public static Task QuitAsync(this WorkerSocket socket) => SendAsync(socket, "QUIT");

    public static bool WasUpgraded(WorkerSocket socket) => socket.Upgraded;

    public static void Log(WorkerSocket socket) => Console.WriteLine(socket.SecureTransport);
}

public static class Database
{
    public static WorkerSocket Open() => Sockets.Connect("db.internal:5432");

    public static async Task<WorkerSocket> OpenReadyAsync()
    {
        var socket = Sockets.Connect("db.internal:5432");
        await socket.Opened;
        return socket;
    }

    // A static initializer that calls a factory still connects while the type initializes.
    public static readonly WorkerSocket Shared = Open(); // expect: WSK004

    public static readonly Task<WorkerSocket> Ready = OpenReadyAsync(); // expect: WSK004

    // A getter runs per call (inside the handler that reads it).
    public static WorkerSocket Fresh => Open();

    private static WorkerSocket? s_cached;

    public static async Task CacheAsync()
    {
        s_cached = Open(); // expect: WSK003
        await s_cached.Opened;
    }
}

public static class Upgrades
{
    public static async Task HelperOnOldSocketAsync(WorkerSocket socket)
    {
        var tls = socket.StartTls();
        await Smtp.SendAsync(socket, "EHLO worker"); // expect: WSK006
        await tls.CloseAsync();
    }

    public static async Task HelperTwoDeepAsync(WorkerSocket socket)
    {
        await using var tls = socket.StartTls();
        await Smtp.EhloAsync(socket); // expect: WSK006
    }

    public static async Task ExtensionOnOldSocketAsync(WorkerSocket socket)
    {
        await using var tls = socket.StartTls();
        await socket.QuitAsync(); // expect: WSK006
    }

    // Helpers that only inspect or log the old socket: Upgraded and SecureTransport stay meaningful.
    public static async Task<bool> InspectOldAsync(WorkerSocket socket)
    {
        await using var tls = socket.StartTls();
        Smtp.Log(socket);
        await Smtp.SendAsync(tls, "EHLO worker");
        return Smtp.WasUpgraded(socket);
    }

    // The helper gets the new socket: fine.
    public static async Task HelperOnNewSocketAsync(WorkerSocket socket)
    {
        socket = socket.StartTls();
        await Smtp.EhloAsync(socket);
        await socket.CloseAsync();
    }
}

public static class LinqFanOut
{
    // Seven or more sockets may be open at once, but the connect is in a lambda, which the WSK008 page leaves to the
    // loop check (loops are for/foreach/while/do): quiet by the page. Every socket is closed, so WSK007 is quiet too.
    public static async Task<int> SelectToListAsync(IEnumerable<string> hosts)
    {
        var sockets = hosts.Select(h => Sockets.Connect(h, 5432)).ToList();
        foreach (var socket in sockets)
        {
            await socket.CloseAsync();
        }

        return sockets.Count;
    }
}
