// Batch 5: probes written after the analyzers were read: port forms for WSK001/WSK010.
using System;
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.ProbesPorts;

public static class P
{
    private const string Host = "mail.example.com";
    private const string Relay = Host + ":25";
    private const int Https = 443;

    public static async Task A(string host, IPAddress ip)
    {
        await using var a = Sockets.Connect(new DnsEndPoint(host, port: 25)); // expect: WSK001
        await using var b = Sockets.Connect((EndPoint)new IPEndPoint(ip, 25)); // expect: WSK001
        EndPoint ep = new DnsEndPoint(host, 80);
        await using var c = Sockets.Connect(ep); // expect: WSK010
        await using var d = Sockets.Connect(Relay); // expect: WSK001
        await using var e = Sockets.Connect($"{Host}:{Https}"); // expect: WSK010
    }

    public static async Task A2(string host)
    {
        await using var f = Sockets.Connect("smtp.example.com:2525");
        await using var g = Sockets.Connect("smtp.example.com:250");
        await using var h = Sockets.Connect(host, 25 + 562);
        await using var i = Sockets.Connect(host, (int)25); // expect: WSK001
    }

    public static async Task B(string host, bool secure)
    {
        var port = secure ? 443 : 80;
        await using var a = Sockets.Connect(host, port);
        const int local = 443;
        await using var b = Sockets.Connect(host, local); // expect: WSK010
        int p = 80;
        await using var c = Sockets.Connect(host, p); // expect: WSK010
    }
}
