// Batch 4: an SMTP submission client as an IAsyncDisposable, with ports chosen from settings, constants and switches.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Smtp;

public sealed record SmtpSettings
{
    public string Host { get; init; } = "smtp.example.com";

    public int Port { get; init; } = 25;

    public string Mode { get; init; } = "starttls";
}

public static class SmtpPorts
{
    public const int Relay = 25;
    public const int Submission = 587;
    public const int Implicit = 465;
}

public sealed class SmtpSession : IAsyncDisposable
{
    private const int LegacyPort = 25;
    private WorkerSocket socket;

    private SmtpSession(WorkerSocket socket) => this.socket = socket;

    public static SmtpSession Open(SmtpSettings settings)
    {
        // The port comes from configuration: not known at compile time, even though the default is 25.
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls };
        return new SmtpSession(Sockets.Connect(settings.Host, settings.Port, options));
    }

    public static SmtpSession OpenFor(string host, string mode)
    {
        switch (mode)
        {
            case "implicit":
                return new SmtpSession(Sockets.Connect(host, SmtpPorts.Implicit, new SocketOptions { SecureTransport = SecureTransport.On }));
            case "starttls":
                return new SmtpSession(Sockets.Connect($"{host}:{SmtpPorts.Submission}", new SocketOptions { SecureTransport = SecureTransport.StartTls }));
            case "relay":
                return new SmtpSession(Sockets.Connect(host, SmtpPorts.Relay)); // expect: WSK001
            default:
                return new SmtpSession(Sockets.Connect($"{host}:{LegacyPort}")); // expect: WSK001
        }
    }

    public static SmtpSession OpenByExpression(string host, string mode)
    {
        var port = mode switch
        {
            "implicit" => SmtpPorts.Implicit,
            "relay" => SmtpPorts.Relay,
            _ => SmtpPorts.Submission,
        };

        // A switch expression is not a constant: the port is only known at run time.
        return new SmtpSession(Sockets.Connect(host, port));
    }

    public async Task UpgradeAsync(CancellationToken ct)
    {
        await SendLineAsync("STARTTLS", ct).ConfigureAwait(false);
        socket = socket.StartTls();
    }

    public async ValueTask SendLineAsync(string line, CancellationToken ct)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await socket.CloseAsync().ConfigureAwait(false);
    }
}

public static class SmtpSubmit
{
    public static async Task SendAsync(string host, string body, CancellationToken ct)
    {
        var plain = Sockets.Connect(host, SmtpPorts.Submission);
        await plain.Writable.WriteAsync(Encoding.ASCII.GetBytes("EHLO worker\r\nSTARTTLS\r\n"), ct).ConfigureAwait(false);
        await using var tls = plain.StartTls(); // expect: WSK005
        await tls.Writable.WriteAsync(Encoding.ASCII.GetBytes(body), ct).ConfigureAwait(false);
    }

    public static async Task SendUpgradedAsync(string host, string body, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, SmtpPorts.Submission, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("EHLO worker\r\nSTARTTLS\r\n"), ct).ConfigureAwait(false);
        socket = socket.StartTls();
        await using var _ = socket.ConfigureAwait(false);
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(body), ct).ConfigureAwait(false);
    }

    public static async Task SendImplicitThenUpgradeAsync(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.On };
        var socket = Sockets.Connect(host, SmtpPorts.Implicit, options);
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task SendWithOldSocketAsync(string host, string body)
    {
        var plain = Sockets.Connect(host, SmtpPorts.Submission, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await plain.Writable.WriteAsync(Encoding.ASCII.GetBytes("STARTTLS\r\n")).ConfigureAwait(false);
        var tls = plain.StartTls();
        await tls.Writable.WriteAsync(Encoding.ASCII.GetBytes(body)).ConfigureAwait(false);
        await plain.Writable.WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n")).ConfigureAwait(false); // expect: WSK006
        await tls.CloseAsync().ConfigureAwait(false);
    }

    public static async Task SendThroughSessionAsync(SmtpSettings settings, string body, CancellationToken ct)
    {
        await using var session = SmtpSession.Open(settings);
        await session.UpgradeAsync(ct).ConfigureAwait(false);
        await session.SendLineAsync(body, ct).ConfigureAwait(false);
    }

    public static async Task SendRawAsync(SmtpSettings settings, string body)
    {
        var port = settings.Mode switch { "implicit" => 465, _ => 587 };
        var socket = Sockets.Connect(settings.Host, port);
        try
        {
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(body)).ConfigureAwait(false);
        }
        finally
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }
}
