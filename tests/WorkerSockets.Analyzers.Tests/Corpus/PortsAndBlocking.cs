// Port checks (WSK001, WSK010) and blocking waits (WSK009) in the shapes configuration-driven code takes.
using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.PortsAndBlocking;

static class MailPorts
{
    public const int Relay = 25;
    public const int Submission = 587;
    public const string RelayHost = "mx.example.com:25";
}

static class Mail
{
    public static async Task Relay(string host)
    {
        await using var a = Sockets.Connect(host, MailPorts.Relay); // expect: WSK001
        await using var b = Sockets.Connect(MailPorts.RelayHost); // expect: WSK001
        await using var c = Sockets.Connect(new IPEndPoint(IPAddress.Loopback, 25)); // expect: WSK001
        await using var d = Sockets.Connect("[2001:db8::25]:25"); // expect: WSK001
        await using var e = Sockets.Connect(host + ":" + MailPorts.Relay); // expect: WSK001
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened);
    }

    public static async Task NotRelay(string host, int configured)
    {
        await using var a = Sockets.Connect(host, MailPorts.Submission);
        await using var b = Sockets.Connect("mx25.example.com:587");
        await using var c = Sockets.Connect($"{host}:2525");
        await using var d = Sockets.Connect(host, configured);
        await using var e = Sockets.Connect("[2001:db8::25]:465");
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened);
    }

    public static async Task PortReassigned(string host, bool tls)
    {
        var port = 25;
        if (tls)
        {
            port = 465;
        }

        await using var s = Sockets.Connect(host, port);
        await s.Opened;
    }
}

static class Http
{
    public static async Task RawHttp(string host)
    {
        await using var a = Sockets.Connect(new DnsEndPoint(host, 80)); // expect: WSK010
        await using var b = Sockets.Connect($"{host}:443", new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK010
        await using var c = Sockets.Connect(host, 8080);
        await using var d = Sockets.Connect("example.com:4430");
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened);
    }
}

sealed class Blocking
{
    public SocketInfo OpenSync(string host)
    {
        var s = Sockets.Connect(host, 5432);
        var info = s.Opened.Result; // expect: WSK009
        s.CloseAsync().GetAwaiter().GetResult(); // expect: WSK009
        return info;
    }

    public void WaitWithToken(WorkerSocket s, CancellationToken ct)
    {
        s.Opened.Wait(ct); // expect: WSK009
    }

    public void WaitViaLocal(WorkerSocket s)
    {
        var closed = s.Closed;
        closed.Wait(); // expect: WSK009
    }

    public void WaitForBoth(WorkerSocket a, WorkerSocket b)
    {
        Task.WaitAll(a.Opened, b.Opened); // expect: WSK009
    }

    public bool NonBlockingChecks(WorkerSocket s)
    {
        return s.Opened.IsCompletedSuccessfully && s.Closed.IsCompleted && !s.Opened.IsFaulted;
    }

    public async Task<string?> AwaitedResult(WorkerSocket s)
    {
        var opened = s.Opened;
        await opened;
        return opened.IsCompletedSuccessfully ? opened.Result.RemoteAddress : null; // expect: WSK009
    }

    public int UnrelatedResult(Task<int> work) => work.Result;

    public void DisposeSync(WorkerSocket s)
    {
        s.DisposeAsync().AsTask().Wait(); // expect: WSK009
    }
}
