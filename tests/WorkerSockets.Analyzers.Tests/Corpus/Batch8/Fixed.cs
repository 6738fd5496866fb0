// Batch 8: the code each page's "How to fix" section produces, as a developer would leave it after applying the fix
// (or the advice, where there is no automatic fix). All of it must be quiet. Written from docs/rules/*.md alone.
using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Fixed;

public static class Smtp
{
    public static async Task CommandAsync(WorkerSocket socket, string line) =>
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n")).ConfigureAwait(false);
}

public sealed class Settings
{
    public string DbAddress { get; init; } = "db.example.com:5432";
    public SocketOptions Options { get; init; } = new() { SecureTransport = SecureTransport.StartTls };
}

public static class Config
{
    // WSK004's fix: only configuration stays in static state.
    public static readonly Settings Current = new();
    public const string MailHost = "smtp.example.com";
}

public sealed class FixedHandlers
{
    // WSK001 fixed: submission on 587 with STARTTLS, upgraded after the STARTTLS command (WSK006's fix: reassign).
    public async Task SendMailAsync(string body)
    {
        var smtp = Sockets.Connect(Config.MailHost, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await Smtp.CommandAsync(smtp, "EHLO worker");
        await Smtp.CommandAsync(smtp, "STARTTLS");
        smtp = smtp.StartTls();
        try
        {
            await Smtp.CommandAsync(smtp, "DATA");
            await Smtp.CommandAsync(smtp, body);
        }
        finally
        {
            await smtp.CloseAsync();
        }
    }

    // WSK001 fixed the other way: implicit TLS on 465.
    public async Task SendImplicitAsync(string body)
    {
        await using var smtps = Sockets.Connect($"{Config.MailHost}:465", new SocketOptions { SecureTransport = SecureTransport.On });
        await Smtp.CommandAsync(smtps, body);
    }

    // WSK002 fixed by "Await the close": a Task method that only returned Task.CompletedTask became async.
    public async Task CloseQuietlyAsync(WorkerSocket socket)
    {
        Console.WriteLine("closing");
        await socket.CloseAsync();
    }

    // WSK002 fixed by "Pass the close to WorkerContext.WaitUntil".
    public void CloseAfterResponse(WorkerSocket socket, WorkerContext ctx) => ctx.WaitUntil(socket.DisposeAsync().AsTask());

    // WSK003 fixed: background work handed to WaitUntil, socket kept in a local.
    public void Background(string host, WorkerContext ctx)
    {
        var socket = Sockets.Connect(host, 5432);
        ctx.WaitUntil(Task.Run(async () =>
        {
            await Smtp.CommandAsync(socket, "PING");
            await socket.CloseAsync();
        }));
    }

    // WSK004 fixed: connect inside the handler from static configuration.
    public async Task<HttpResponseMessage> FetchAsync(HttpRequestMessage request)
    {
        await using var db = Sockets.Connect(Config.Current.DbAddress);
        await db.Opened.ConfigureAwait(false);
        return new HttpResponseMessage();
    }

    // WSK005 fixed: the code fix added the option to the existing initializer held in a local.
    public async Task UpgradeAsync(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true, SecureTransport = SecureTransport.StartTls };
        var s = Sockets.Connect(host, 5432, options);
        await using var tls = s.StartTls();
        await tls.Opened;
    }

    // WSK005 fixed where the Connect had no options.
    public async Task UpgradeInlineAsync(string host)
    {
        var s = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        s = s.StartTls();
        await using (s)
        {
            await s.Opened;
        }
    }

    // WSK007 fixed: the code fix's `await using`.
    public async Task QueryAsync(string sql)
    {
        await using var socket = Sockets.Connect("db.example.com:5432");
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(sql));
        await Smtp.CommandAsync(socket, "SELECT 1");
    }

    // WSK007 fixed by hand where an early return skipped the close.
    public async Task HandshakeAsync(Func<WorkerSocket, Task<bool>> handshake)
    {
        var other = Sockets.Connect("db.example.com:5432");
        try
        {
            if (!await handshake(other)) return;
            await Smtp.CommandAsync(other, "HELLO");
        }
        finally
        {
            await other.CloseAsync();
        }
    }

    // WSK007 fixed: close the first socket before replacing it.
    public async Task ReplaceAsync()
    {
        var s = Sockets.Connect("a:5432");
        await s.CloseAsync();
        s = Sockets.Connect("b:5432");
        await s.CloseAsync();
    }

    // WSK009 fixed: awaited, parenthesised where needed.
    public async Task<string?> RemoteAsync(WorkerSocket socket) => (await socket.Opened).RemoteAddress;

    public async ValueTask ShutdownAsync(WorkerSocket socket) => await socket.DisposeAsync().ConfigureAwait(false);

    public async Task BothAsync(WorkerSocket a, WorkerSocket b) => await Task.WhenAll(a.CloseAsync(), b.CloseAsync());

    // WSK010 fixed: HttpClient.
    public async Task<string> StatusAsync(HttpClient http)
    {
        using var response = await http.GetAsync("https://example.com/status").ConfigureAwait(false);
        return response.StatusCode.ToString();
    }
}
