// Batch 6: WHOIS, echo, finger, daytime and Gopher clients — the "hello world" of TCP sockets, ported from Node.
using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.SmallProtocols;

public static class Whois
{
    private const string IanaServer = "whois.iana.org";
    private const int WhoisPort = 43;

    public static async Task<string> LookupAsync(string domain)
    {
        await using var socket = Sockets.Connect($"{IanaServer}:{WhoisPort}");
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(domain + "\r\n"));
        using var reader = new StreamReader(socket.Stream, Encoding.ASCII, false, 4096, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }

    // Follows the "refer:" line to a second server; the first socket is reused as a variable without closing.
    public static async Task<string> LookupWithReferralAsync(string domain)
    {
        var socket = Sockets.Connect(IanaServer, WhoisPort); // expect: WSK007
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(domain + "\r\n"));
        var first = await new StreamReader(socket.Stream, leaveOpen: true).ReadToEndAsync();
        var refer = first.Split('\n').FirstOrDefaultRefer();
        if (refer is null)
        {
            await socket.CloseAsync();
            return first;
        }

        socket = Sockets.Connect(refer, WhoisPort);
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(domain + "\r\n"));
        var second = await new StreamReader(socket.Stream, leaveOpen: true).ReadToEndAsync();
        await socket.CloseAsync();
        return second;
    }

    // The careful version: close before following the referral.
    public static async Task<string> LookupReferralClosedAsync(string domain)
    {
        var socket = Sockets.Connect(IanaServer, WhoisPort);
        var first = await QueryAsync(socket, domain);
        await socket.CloseAsync();
        var refer = first.Split('\n').FirstOrDefaultRefer();
        if (refer is null)
        {
            return first;
        }

        socket = Sockets.Connect(refer, WhoisPort);
        try
        {
            return await QueryAsync(socket, domain);
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    private static async Task<string> QueryAsync(WorkerSocket socket, string domain)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(domain + "\r\n"));
        using var reader = new StreamReader(socket.Stream, Encoding.ASCII, false, 4096, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }

    private static string? FirstOrDefaultRefer(this string[] lines)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith("refer:", StringComparison.OrdinalIgnoreCase))
            {
                return line[6..].Trim();
            }
        }

        return null;
    }
}

public static class Echo
{
    // The echo port written as an interpolation with a literal port.
    public static async Task<byte[]> RoundTripAsync(string host, byte[] payload)
    {
        await using var socket = Sockets.Connect($"{host}:7");
        await socket.Writable.WriteAsync(payload);
        var read = await socket.Readable.ReadAsync();
        var copy = read.Buffer.ToArray();
        socket.Readable.AdvanceTo(read.Buffer.End);
        return copy;
    }

    // A StreamReader over the view (no leaveOpen) is disposed by its using: that closes the socket.
    public static async Task<string> DaytimeAsync(string host)
    {
        var socket = Sockets.Connect(host, 13);
        using var reader = new StreamReader(socket.Stream);
        return await reader.ReadToEndAsync();
    }

    // The reader is created but never disposed: nothing closes the socket.
    public static async Task<string> DaytimeLeakyAsync(string host)
    {
        var socket = Sockets.Connect(host, 13); // expect: WSK007
        var reader = new StreamReader(socket.Stream);
        return await reader.ReadToEndAsync();
    }

    // Finger on 79 with an IPEndPoint, written by someone who likes explicit types.
    public static async Task<string> FingerAsync(IPAddress address, string user)
    {
        WorkerSocket socket = Sockets.Connect(new IPEndPoint(address, 79));
        try
        {
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(user + "\r\n"));
            var result = await socket.Readable.ReadAsync();
            return Encoding.ASCII.GetString(result.Buffer.FirstSpan);
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    // An IPEndPoint on 443 in a local: WSK010 on the local passed to Connect.
    public static async Task TlsProbeAsync(IPAddress address)
    {
        var endpoint = new IPEndPoint(address, 443);
        await using var socket = Sockets.Connect(endpoint, new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK010
        await socket.Opened;
    }
}

public static class GopherMenu
{
    // Gopher proxy: returns the menu text, closes with WaitUntil so the response is not delayed.
    public static async Task<HttpResponseMessage> MenuAsync(string selector, WorkerContext ctx)
    {
        var socket = Sockets.Connect("gopher.floodgap.com", 70);
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(selector + "\r\n"));
        var read = await socket.Readable.ReadAsync();
        var text = Encoding.ASCII.GetString(read.Buffer.FirstSpan);
        ctx.WaitUntil(socket.CloseAsync());
        return new HttpResponseMessage { Content = new StringContent(text) };
    }

    // Same, but the close task is kept and awaited later.
    public static async Task<string> MenuAwaitLaterAsync(string selector)
    {
        var socket = Sockets.Connect("gopher.floodgap.com", 70);
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(selector + "\r\n"));
        var closing = socket.CloseAsync();
        var text = selector.ToUpperInvariant();
        await closing;
        return text;
    }
}
