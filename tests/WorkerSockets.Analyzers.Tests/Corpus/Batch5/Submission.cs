// Batch 5: mail submission: STARTTLS on 587, implicit TLS on 465, and the relay port that is blocked.
using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Submission;

public sealed record MailSettings(string Host, int Port, bool ImplicitTls);

public static class SmtpPorts
{
    public const int Relay = 25;
    public const int Submission = 587;
    public const int Submissions = 465;
    public static readonly int Configured = int.Parse(Environment.GetEnvironmentVariable("SMTP_PORT") ?? "587");
}

public static class Submitter
{
    private static async Task<string> CommandAsync(WorkerSocket socket, string line, CancellationToken ct)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), ct).ConfigureAwait(false);
        var reply = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
        var text = Encoding.ASCII.GetString(reply.Buffer.FirstSpan);
        socket.Readable.AdvanceTo(reply.Buffer.End);
        return text;
    }

    public static async Task SendAsync(string host, string from, string to, string body, CancellationToken ct)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls };
        var socket = Sockets.Connect(host, SmtpPorts.Submission, options);
        await CommandAsync(socket, "EHLO worker", ct).ConfigureAwait(false);
        await CommandAsync(socket, "STARTTLS", ct).ConfigureAwait(false);
        socket = socket.StartTls(new TlsOptions { ExpectedServerHostname = host });
        await using (socket.ConfigureAwait(false))
        {
            await CommandAsync(socket, "EHLO worker", ct).ConfigureAwait(false);
            await CommandAsync(socket, $"MAIL FROM:<{from}>", ct).ConfigureAwait(false);
            await CommandAsync(socket, $"RCPT TO:<{to}>", ct).ConfigureAwait(false);
            await CommandAsync(socket, "DATA", ct).ConfigureAwait(false);
            await CommandAsync(socket, body + "\r\n.", ct).ConfigureAwait(false);
            await CommandAsync(socket, "QUIT", ct).ConfigureAwait(false);
        }
    }

    public static async Task ForgotStartTlsOption(string host, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, SmtpPorts.Submission);
        await CommandAsync(socket, "STARTTLS", ct).ConfigureAwait(false);
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task OptionsWithoutTransport(string host, CancellationToken ct)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        await using var socket = Sockets.Connect(host, SmtpPorts.Submission, options);
        await CommandAsync(socket, "STARTTLS", ct).ConfigureAwait(false);
        await using var tls = socket.StartTls(); // expect: WSK005
    }

    public static async Task OptionsFromSettings(MailSettings settings, CancellationToken ct)
    {
        var options = new SocketOptions { SecureTransport = settings.ImplicitTls ? SecureTransport.On : SecureTransport.StartTls };
        var socket = Sockets.Connect(settings.Host, settings.Port, options);
        if (!settings.ImplicitTls)
        {
            await CommandAsync(socket, "STARTTLS", ct).ConfigureAwait(false);
            socket = socket.StartTls();
        }

        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task UsesOldAfterUpgrade(string host, CancellationToken ct)
    {
        var plain = Sockets.Connect(host, SmtpPorts.Submission, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await CommandAsync(plain, "STARTTLS", ct).ConfigureAwait(false);
        var secure = plain.StartTls();
        try
        {
            await CommandAsync(secure, "EHLO worker", ct).ConfigureAwait(false);
            await plain.Writable.WriteAsync("QUIT\r\n"u8.ToArray(), ct).ConfigureAwait(false); // expect: WSK006
        }
        finally
        {
            await secure.CloseAsync().ConfigureAwait(false);
            await plain.CloseAsync().ConfigureAwait(false); // expect: WSK006
        }
    }

    public static async Task ImplicitTls(string host, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, SmtpPorts.Submissions, new SocketOptions { SecureTransport = SecureTransport.On });
        await CommandAsync(socket, "EHLO worker", ct).ConfigureAwait(false);
    }

    public static async Task Relay(string host, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, SmtpPorts.Relay); // expect: WSK001
        await CommandAsync(socket, "HELO worker", ct).ConfigureAwait(false);
    }

    public static async Task RelayByEndPoint(IPAddress mx, CancellationToken ct)
    {
        var endpoint = new IPEndPoint(mx, SmtpPorts.Relay);
        await using var socket = Sockets.Connect(endpoint); // expect: WSK001
        await CommandAsync(socket, "HELO worker", ct).ConfigureAwait(false);
    }

    public static async Task ConfiguredPort(string host, CancellationToken ct)
    {
        await using var socket = Sockets.Connect(host, SmtpPorts.Configured);
        await CommandAsync(socket, "EHLO worker", ct).ConfigureAwait(false);
    }

    public static async Task RelayByVerbatim(string mx, CancellationToken ct)
    {
        await using var socket = Sockets.Connect($@"{mx}:{SmtpPorts.Relay}"); // expect: WSK001
        await CommandAsync(socket, "HELO worker", ct).ConfigureAwait(false);
    }

    public static async Task DataFromFile(string host, string path, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, SmtpPorts.Submissions, new SocketOptions { SecureTransport = SecureTransport.On });
        await using var file = File.OpenRead(path);
        await file.CopyToAsync(socket.Stream, ct).ConfigureAwait(false);
        await socket.DisposeAsync().ConfigureAwait(false);
    }
}
