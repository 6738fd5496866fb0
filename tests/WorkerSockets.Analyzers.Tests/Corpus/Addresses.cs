// Ports in every spelling (WSK001, WSK010) next to ports that only look alike.
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Addresses;

enum WellKnown
{
    Smtp = 25,
    Http = 80,
    Submission = 587,
}

static class Dial
{
    private const string RelayAddress = "relay.example.com:" + "25";

    public static async Task Spellings(string host)
    {
        await using var a = Sockets.Connect(host, 0x19); // expect: WSK001
        await using var b = Sockets.Connect(host, (int)WellKnown.Smtp); // expect: WSK001
        await using var c = Sockets.Connect($"{host}:{25}"); // expect: WSK001
        await using var d = Sockets.Connect(host, port: 25); // expect: WSK001
        await using var e = Sockets.Connect(RelayAddress); // expect: WSK001
        await using var f = Sockets.Connect(new DnsEndPoint(host, port: 25)); // expect: WSK001
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened, f.Opened);
    }

    public static async Task LookAlikes(string host)
    {
        await using var a = Sockets.Connect(host, (int)WellKnown.Submission);
        await using var b = Sockets.Connect("smtp25.example.com:2525");
        await using var c = Sockets.Connect($"{host}:{250}");
        await using var d = Sockets.Connect(host + ":" + 1025);
        await using var e = Sockets.Connect("host-80.example.com:8080");
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened, e.Opened);
    }

    public static async Task Web(string host)
    {
        await using var a = Sockets.Connect(port: 443, hostname: host); // expect: WSK010
        await using var b = Sockets.Connect(host, (int)WellKnown.Http); // expect: WSK010
        await using var c = Sockets.Connect("[::1]:443"); // expect: WSK010
        await using var d = Sockets.Connect(new IPEndPoint(IPAddress.IPv6Loopback, 80)); // expect: WSK010
        await Task.WhenAll(a.Opened, b.Opened, c.Opened, d.Opened);
    }
}
