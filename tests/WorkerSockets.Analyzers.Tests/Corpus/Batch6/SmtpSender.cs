// Batch 6: SMTP submission with STARTTLS, as three different people write it.
using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.SmtpSender;

public static class Ports
{
    public const int Smtp = 25;
    public const int Submission = 587;
    public const int Smtps = 465;
}

public sealed record MailSettings(string Host, int Port, bool UseStartTls);

internal static class Smtp
{
    public static async Task<string> CommandAsync(WorkerSocket socket, string line)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        var reply = await socket.Readable.ReadAsync();
        var text = Encoding.ASCII.GetString(reply.Buffer.FirstSpan);
        socket.Readable.AdvanceTo(reply.Buffer.End);
        return text;
    }
}

public static class CarefulSender
{
    public static async Task SendAsync(string host, string from, string to, string body)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls };
        var socket = Sockets.Connect(host, Ports.Submission, options);
        await Smtp.CommandAsync(socket, "EHLO worker");
        var reply = await Smtp.CommandAsync(socket, "STARTTLS");
        if (!reply.StartsWith("220", StringComparison.Ordinal))
        {
            await socket.CloseAsync();
            throw new IOException("STARTTLS refused: " + reply);
        }

        await using var tls = socket.StartTls(new TlsOptions { ExpectedServerHostname = host });
        await Smtp.CommandAsync(tls, "EHLO worker");
        await Smtp.CommandAsync(tls, $"MAIL FROM:<{from}>");
        await Smtp.CommandAsync(tls, $"RCPT TO:<{to}>");
        await Smtp.CommandAsync(tls, "DATA");
        await Smtp.CommandAsync(tls, body + "\r\n.");
        await Smtp.CommandAsync(tls, "QUIT");
    }
}

public static class HastySender
{
    // Copied from an old relay script: port 25 through a constant.
    public static async Task SendAsync(string host, string body)
    {
        var socket = Sockets.Connect(host, Ports.Smtp, new SocketOptions { SecureTransport = SecureTransport.StartTls }); // expect: WSK001
        await Smtp.CommandAsync(socket, "EHLO worker");
        await Smtp.CommandAsync(socket, "STARTTLS");
        var tls = socket.StartTls();
        await Smtp.CommandAsync(tls, body);
        await socket.CloseAsync(); // expect: WSK006
        await tls.CloseAsync();
    }

    // Options object shared by two connects, one on the implicit-TLS port: StartTls on the On socket.
    public static async Task SendImplicitThenUpgradeAsync(string host)
    {
        var secure = new SocketOptions { SecureTransport = SecureTransport.On };
        var socket = Sockets.Connect(host, Ports.Smtps, secure);
        await Smtp.CommandAsync(socket, "EHLO worker");
        socket = socket.StartTls(); // expect: WSK005
        await Smtp.CommandAsync(socket, "QUIT");
        await socket.CloseAsync();
    }

    // Upgrade, but QUIT goes to the old socket inside the finally.
    public static async Task SendWithFinallyAsync(string host, string body)
    {
        var socket = Sockets.Connect($"{host}:{Ports.Submission}", new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await Smtp.CommandAsync(socket, "STARTTLS");
        try
        {
            await using var tls = socket.StartTls();
            await Smtp.CommandAsync(tls, body);
        }
        finally
        {
            await socket.DisposeAsync(); // expect: WSK006
        }
    }
}

public static class ConfiguredSender
{
    // Port from settings: nothing known at compile time.
    public static async Task SendAsync(MailSettings settings, string body)
    {
        var options = settings.UseStartTls ? new SocketOptions { SecureTransport = SecureTransport.StartTls } : null;
        var socket = Sockets.Connect(new DnsEndPoint(settings.Host, settings.Port), options);
        if (settings.UseStartTls)
        {
            await Smtp.CommandAsync(socket, "STARTTLS");
            socket = socket.StartTls();
        }

        await using (socket)
        {
            await Smtp.CommandAsync(socket, body);
        }
    }

    // A local port assigned once from a constant expression.
    public static async Task SendLegacyAsync(string host)
    {
        var port = Ports.Smtp;
        await using var socket = Sockets.Connect(host, port); // expect: WSK001
        await Smtp.CommandAsync(socket, "HELO worker");
    }

    // Port chosen at run time between two constants: not known.
    public static async Task SendEitherAsync(string host, bool implicitTls)
    {
        var port = implicitTls ? Ports.Smtps : Ports.Submission;
        var transport = implicitTls ? SecureTransport.On : SecureTransport.StartTls;
        await using var socket = Sockets.Connect(host, port, new SocketOptions { SecureTransport = transport });
        await Smtp.CommandAsync(socket, "EHLO worker");
    }

    // Implicit TLS on 465, StreamWriter over the Stream view closes the socket.
    public static async Task SendWithWriterAsync(string host, string body)
    {
        var socket = Sockets.Connect(host + ":465", new SocketOptions { SecureTransport = SecureTransport.On });
        await using var writer = new StreamWriter(socket.Stream, Encoding.ASCII);
        await writer.WriteAsync("EHLO worker\r\n");
        await writer.WriteAsync(body);
        await writer.FlushAsync();
    }

    // The writer is told to leave the stream open; the socket stays open.
    public static async Task SendWithLeaveOpenAsync(string host, string body)
    {
        var socket = Sockets.Connect(host + ":465", new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK007
        await using var writer = new StreamWriter(socket.Stream, Encoding.ASCII, bufferSize: 1024, leaveOpen: true);
        await writer.WriteAsync(body);
    }
}
