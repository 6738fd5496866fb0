// Batch 6: the Cloudflare "TCP sockets" documentation examples, translated to C# the way people paste them.
// Written from docs/rules/*.md alone, before reading the analyzers.
using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.CloudflareDocs;

public sealed class Env
{
    public Hyperdrive Hyperdrive { get; init; } = null!;
    public string GopherHost { get; init; } = "gopher.floodgap.com";
}

[Worker]
public sealed partial class GopherWorker
{
    // The docs' first example: connect, write the selector, return socket.readable as the response body.
    // The response content owns the Stream view and disposing it closes the socket; WSK007 lists handing the socket to a
    // constructor that keeps it as a release. A user expects no WSK007 here (the socket's life continues in the response).
    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
    {
        var gopherAddr = new DnsEndPoint("gopher.floodgap.com", 70);
        try
        {
            var socket = Sockets.Connect(gopherAddr);
            var encoded = Encoding.UTF8.GetBytes(request.RequestUri!.AbsolutePath + "\r\n");
            await socket.Writable.WriteAsync(encoded);
            await socket.Writable.CompleteAsync();
            return new HttpResponseMessage { Content = new StreamContent(socket.Stream) };
        }
        catch (Exception error)
        {
            return new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("Socket connection failed: " + error) };
        }
    }
}

public static class DocsSnippets
{
    // "socket.closed.then(() => console.log('closed'))" then "await socket.opened", then "await socket.close()".
    public static async Task OpenedAndClosedAsync()
    {
        var socket = Sockets.Connect(new DnsEndPoint("my-url.com", 70));
        _ = socket.Closed.ContinueWith(_ => Console.WriteLine("Socket closed"), TaskScheduler.Default);
        var info = await socket.Opened;
        Console.WriteLine($"opened to {info.RemoteAddress}");
        await socket.CloseAsync();
    }

    // The docs' StartTLS snippet: connect on 443 with starttls, then upgrade. The snippet never closes the secure socket.
    public static async Task StartTlsSnippetAsync()
    {
        var socket = Sockets.Connect(new DnsEndPoint("address", 443), new SocketOptions { SecureTransport = SecureTransport.StartTls }); // expect: WSK010
        var secureSocket = socket.StartTls(); // expect: WSK007
        await secureSocket.Writable.WriteAsync(Encoding.ASCII.GetBytes("hello"));
    }

    // Same snippet, finished properly by a careful reader.
    public static async Task StartTlsSnippetClosedAsync(string host)
    {
        var socket = Sockets.Connect($"{host}:8443", new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var secureSocket = socket.StartTls();
        await secureSocket.Writable.WriteAsync(Encoding.ASCII.GetBytes("hello"));
    }

    // The "close()" section: close from another branch of a handler that forgot one branch.
    public static async Task<string> ReadGreetingAsync(string address, bool verbose)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        var result = await socket.Readable.ReadAsync();
        var text = Encoding.ASCII.GetString(result.Buffer.FirstSpan);
        if (verbose)
        {
            await socket.CloseAsync();
            return "greeting: " + text;
        }

        return text;
    }

    // Hyperdrive's "connect to the database" page, translated: the binding opens a plain socket.
    public static async Task<string> HyperdriveVersionAsync(Env env)
    {
        await using var client = env.Hyperdrive.Connect();
        await client.Opened;
        return $"{env.Hyperdrive.Host}:{env.Hyperdrive.Port}";
    }

    // Someone reading "secureTransport: starttls" and trying it on the Hyperdrive socket.
    public static async Task HyperdriveStartTlsAsync(Env env)
    {
        var pg = env.Hyperdrive.Connect();
        await using var tls = pg.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    // secureTransport: "on" from the docs, the implicit-TLS form.
    public static async Task ImplicitTlsAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 993, new SocketOptions { SecureTransport = SecureTransport.On });
        await socket.Opened;
    }

    // allowHalfOpen from the docs: write, end our side, read until the peer ends.
    public static async Task<long> HalfOpenAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 7, new SocketOptions { AllowHalfOpen = true });
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("ping\n"));
        await socket.Writable.CompleteAsync();
        long total = 0;
        while (true)
        {
            var read = await socket.Readable.ReadAsync();
            total += read.Buffer.Length;
            socket.Readable.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        return total;
    }

    // The docs' "port 25 is blocked" note, ignored by someone porting a mailer.
    public static async Task RelayMailAsync(string mx)
    {
        await using var socket = Sockets.Connect(mx + ":25"); // expect: WSK001
        await socket.Opened;
    }

    // "consider using fetch instead": an HTTP request by hand on port 80.
    public static async Task<string> RawHttpAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 80); // expect: WSK010
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {host}\r\n\r\n"));
        var result = await socket.Readable.ReadAsync();
        return Encoding.ASCII.GetString(result.Buffer.FirstSpan);
    }
}
