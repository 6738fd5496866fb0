// Batch 5: probes written after the analyzers were read (unlike the rest of this batch): argument forms, blocking forms,
// shared stores, copies, reassignments and using scopes, in the order a reviewer would try them.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;
using static WorkerSockets.Sockets;
using Net = WorkerSockets.Sockets;

namespace Corpus.Batch5.Probes;

public static class Ports
{
    public const int Smtp = 25;
    public const string Mx = "mx.example.com:25";
}

public static class Probes
{
    public static async Task A(string host, IPAddress ip)
    {
        await using var a = Sockets.Connect(host, port: 25); // expect: WSK001
        await using var b = Sockets.Connect(options: null, hostname: host, port: Ports.Smtp); // expect: WSK001
        await using var c = Sockets.Connect($"{host}:" + 25); // expect: WSK001
        await using var d = Sockets.Connect(Ports.Mx); // expect: WSK001
        await using var e = Sockets.Connect("[::1]:25"); // expect: WSK001
        await using var f = Sockets.Connect(new IPEndPoint(ip, 443)); // expect: WSK010
    }

    public static async Task B(string host)
    {
        await using var g = Sockets.Connect(host, 443, new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK010
        await using var h = Sockets.Connect(string.Concat(host, ":25"));
    }

    public static void C(WorkerSocket s, WorkerSocket t)
    {
        s.CloseAsync().ConfigureAwait(false).GetAwaiter().GetResult(); // expect: WSK009
        t.DisposeAsync().AsTask().Wait(); // expect: WSK009
        Task.WaitAll(new[] { s.Opened, t.Opened }); // expect: WSK009
        var closed = s.Closed;
        closed.Wait(); // expect: WSK009
        Task.WaitAny(s.Closed, Task.Delay(100)); // expect: WSK009
    }

    public static async Task D(string host)
    {
        var s = Sockets.Connect(host, 1);
        using var reader = new StreamReader(s.Stream);
        var line = await reader.ReadLineAsync();
        Console.WriteLine(line);
    }

    public static async Task E(string host, CancellationToken ct)
    {
        var s = Sockets.Connect(host, 1, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var t = s.StartTls();
        await using (t)
        {
            await t.Opened;
        }
        await s.Closed;
        if (s.Upgraded) Console.WriteLine("ok");
    }

    public static async Task F(string host)
    {
        var s = Sockets.Connect(host, 1);
        try
        {
            await s.Opened;
        }
        catch (Exception ex) when (ex is IOException)
        {
            await s.CloseAsync();
            return;
        }

        await s.CloseAsync();
    }

    public static async Task G(string[] hosts)
    {
        var sockets = new WorkerSocket[hosts.Length];
        for (var i = 0; i < hosts.Length; i++)
        {
            sockets[i] = Sockets.Connect(hosts[i], 1); // expect: WSK008
        }

        foreach (var s in sockets)
        {
            await s.CloseAsync();
        }
    }

    public static async Task H(string host)
    {
        var s = Sockets.Connect(host, 1); // expect: WSK007
        using (var cts = new CancellationTokenSource())
        {
            await s.Opened.WaitAsync(cts.Token);
        }
    }

    public static async Task I(string host, bool flag)
    {
        var s = Sockets.Connect(host, 1);
        if (flag)
        {
            await s.CloseAsync();
        }
        else
        {
            throw new InvalidOperationException();
        }
    }

    public static async Task J(string host)
    {
        WorkerSocket s = null!;
        try
        {
            s = Sockets.Connect(host, 1);
            await s.Opened;
        }
        finally
        {
            await s.CloseAsync();
        }
    }

    public static async Task K(WorkerContext ctx, string host)
    {
        var s = Sockets.Connect(host, 1);
        ctx.WaitUntil(Task.Run(async () => { await s.Opened; await s.CloseAsync(); }));
    }

    public static async Task L(string host)
    {
        var s = Sockets.Connect(host, 1);
        var work = Task.Run(() => s.Opened);
        await work;
        await s.CloseAsync();
    }

    public static async Task M(string host)
    {
        var s = Sockets.Connect(host, 1);
        var t = new Thread(() => Console.WriteLine(s.Upgraded)); // expect: WSK003
        t.Start();
        await s.CloseAsync();
    }
}

public static class Globals
{
    public static Dictionary<string, WorkerSocket> ByName { get; } = new();
    public static WorkerSocket[] Ring = new WorkerSocket[4];
    public static List<WorkerSocket> All = new();

    public static void N(WorkerSocket s, int i)
    {
        ByName.Add("x", s); // expect: WSK003
        Ring[i] = s; // expect: WSK003
        All.Insert(0, s); // expect: WSK003
        ByName.TryAdd("y", s); // expect: WSK003
    }

    public static async Task O(string host)
    {
        var s = Sockets.Connect(host, 1);
        ByName["k"] = s; // expect: WSK003
        await s.Opened;
    }
}

public static class Probes2
{
    public static async Task<int> P(string host, int mode)
    {
        var s = Sockets.Connect(host, 1); // expect: WSK007
        switch (mode)
        {
            case 0:
                await s.CloseAsync();
                return 0;
            case 1:
                return 1;
            default:
                await s.CloseAsync();
                return 2;
        }
    }

    public static async Task Q(string host)
    {
        var s = Sockets.Connect(host, 1);
        using var registration = CancellationToken.None.Register(() => Console.WriteLine(s.Upgraded));
        await s.CloseAsync();
    }

    public static async Task R(string[] hosts)
    {
        WorkerSocket? found = null;
        foreach (var host in hosts)
        {
            var candidate = Sockets.Connect(host, 1);
            if (await Ok(candidate))
            {
                found = candidate;
                break;
            }

            await candidate.CloseAsync();
        }

        if (found is not null)
        {
            await found.CloseAsync();
        }
    }

    private static Task<bool> Ok(WorkerSocket s) => Task.FromResult(!s.Upgraded);

    public static async Task S(string host)
    {
        var s = Sockets.Connect(host, 1);
        var alias = s;
        await alias.CloseAsync();
    }

    public static async Task T(string host)
    {
        var s = Sockets.Connect(host, 1); // expect: WSK007
        var alias = s;
        await alias.Opened;
    }

    public static async Task U(string host)
    {
        await using var a = Sockets.Connect(host, 1);
        await using var b = Sockets.Connect(host, 2);
        await using var c = Sockets.Connect(host, 3);
        await using var d = Sockets.Connect(host, 4);
        await using var e = Sockets.Connect(host, 5);
        await using var f = Sockets.Connect(host, 6);
        await f.CloseAsync();
        await using var g = Sockets.Connect(host, 7);
    }

    public static async Task V(string host, bool tls)
    {
        var s = Sockets.Connect(host, 1, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        if (tls)
        {
            s = s.StartTls();
        }

        await s.Writable.WriteAsync(new byte[] { 1 });
        await s.CloseAsync();
    }

    public static async Task W(string host)
    {
        var s = Sockets.Connect(host, 1, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var tls = s.StartTls();
        await tls.CloseAsync();
        Console.WriteLine(s.Closed.IsCompleted);
        await s.Readable.CompleteAsync(); // expect: WSK006
    }

    public static async Task X(string host)
    {
        var s = Sockets.Connect(host, 1);
        await using var stream = s.Stream;
        await stream.WriteAsync(new byte[] { 1 });
    }

    public static async Task Y(string host)
    {
        var s = Sockets.Connect(host, 1); // expect: WSK007
        Func<Task> later = async () => await Task.Delay(1);
        await later();
        await s.Opened;
    }

    public static async Task Z(string host, List<WorkerSocket> owned)
    {
        var s = Sockets.Connect(host, 1);
        owned.Add(s);
        await s.Opened;
    }
}

public sealed class Probes3
{
    private readonly WorkerSocket socket;

    public Probes3(WorkerSocket socket) => this.socket = socket;

    public SocketInfo Info => socket.Opened.Result; // expect: WSK009

    public static async Task A(string host)
    {
        const int port = 25;
        await using WorkerSocket a = Connect(host, port); // expect: WSK001
        await using var b = Net.Connect((host), (443)); // expect: WSK010
    }

    public static void B(List<WorkerSocket> sockets)
    {
        sockets.ForEach(s => s.CloseAsync()); // expect: WSK002
        Parallel.ForEach(sockets, s => s.DisposeAsync()); // expect: WSK002
    }

    public static Task C(List<WorkerSocket> sockets) => Task.WhenAll(sockets.ConvertAll(s => s.CloseAsync()));

    public static async Task D(string host)
    {
        var s = Connect(host, 7); // expect: WSK007
        await s.Opened;
    }

    public static async Task E(string host)
    {
        var s = Connect(host, 7);
        await using (s)
        {
        }

        Console.WriteLine(s.Closed.IsCompleted);
    }

    public static async Task<WorkerSocket> F(string host)
    {
        var s = Connect(host, 7); // expect: WSK007
        await using (s)
        {
            await s.Opened;
        }

        return s;
    }

    public static async Task G(string host)
    {
        var s = Connect(host, 7);
        var t = s;
        s = Connect(host, 8);
        await t.CloseAsync();
        await s.CloseAsync();
    }

    public static async Task H(string host)
    {
        var s = Connect(host, 7); // expect: WSK007
        s = Connect(host, 8);
        await s.CloseAsync();
    }
}
