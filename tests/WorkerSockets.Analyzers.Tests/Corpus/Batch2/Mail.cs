// Batch 2: mail submission clients — ports decided in many ways, STARTTLS chains.
using System;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Mail;

public static class SmtpPorts
{
    public const int Relay = 25;
    public const int Submission = 587;
    public const int Implicit = 465;
    public const string RelayHost = "mx.example.com:25";
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "smtp.example.com";
    public int Port { get; set; } = SmtpPorts.Submission;
}

public static class SmtpClient
{
    private static async Task CommandAsync(WorkerSocket socket, string line)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
    }

    public static async Task SendViaSubmissionAsync(string host, string message)
    {
        var socket = Sockets.Connect(host, SmtpPorts.Submission, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await CommandAsync(socket, "EHLO worker.example.com");
        await CommandAsync(socket, "STARTTLS");
        socket = socket.StartTls();
        await using (socket)
        {
            await CommandAsync(socket, "EHLO worker.example.com");
            await CommandAsync(socket, message);
            await CommandAsync(socket, "QUIT");
        }
    }

    public static async Task SendImplicitTlsAsync(string host, string message)
    {
        await using var socket = Sockets.Connect(new DnsEndPoint(host, SmtpPorts.Implicit), new SocketOptions { SecureTransport = SecureTransport.On });
        await CommandAsync(socket, message);
    }

    public static async Task SendFromSettingsAsync(SmtpSettings settings, string message)
    {
        await using var socket = Sockets.Connect(settings.Host, settings.Port);
        await CommandAsync(socket, message);
    }

    public static async Task RelayDirectAsync(string host, string message)
    {
        var endpoint = new DnsEndPoint(host, 25);
        await using var socket = Sockets.Connect(endpoint); // expect: WSK001
        await CommandAsync(socket, message);
    }

    public static async Task RelayConstAsync(string host, string message)
    {
        await using var socket = Sockets.Connect(host, SmtpPorts.Relay); // expect: WSK001
        await CommandAsync(socket, message);
    }

    public static async Task RelayConstHostAsync(string message)
    {
        await using var socket = Sockets.Connect(SmtpPorts.RelayHost); // expect: WSK001
        await CommandAsync(socket, message);
    }

    public static async Task RelayInterpolatedAsync(string host, string message)
    {
        await using var socket = Sockets.Connect($"{host}:{SmtpPorts.Relay}"); // expect: WSK001
        await CommandAsync(socket, message);
    }

    public static async Task RelayIpAsync(IPAddress address, string message)
    {
        var port = 25;
        var endpoint = new IPEndPoint(address, port);
        await using var socket = Sockets.Connect(endpoint); // expect: WSK001
        await CommandAsync(socket, message);
    }

    public static async Task FallbackPortAsync(string host, int? configured, string message)
    {
        var port = 25;
        if (configured is int value)
        {
            port = value;
        }

        await using var socket = Sockets.Connect(host, port);
        await CommandAsync(socket, message);
    }

    public static async Task EndpointFromSettingsAsync(SmtpSettings settings, string message)
    {
        var endpoint = new DnsEndPoint(settings.Host, settings.Port);
        await using var socket = Sockets.Connect(endpoint);
        await CommandAsync(socket, message);
    }

    public static async Task ReusedEndpointAsync(string host, bool submission, string message)
    {
        var endpoint = new DnsEndPoint(host, 2525);
        if (submission)
        {
            endpoint = new DnsEndPoint(host, 25);
        }

        await using var socket = Sockets.Connect(endpoint);
        await CommandAsync(socket, message);
    }

    // STARTTLS on a socket opened for implicit TLS.
    public static async Task WrongOptionAsync(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.On };
        var socket = Sockets.Connect(host, 465, options);
        await CommandAsync(socket, "STARTTLS");
        await using var tls = socket.StartTls(); // expect: WSK005
        await CommandAsync(tls, "QUIT");
    }

    // STARTTLS with no options at all, reassigning the same local.
    public static async Task NoOptionAsync(string host)
    {
        var socket = Sockets.Connect(host, 587);
        await CommandAsync(socket, "STARTTLS");
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    // Options handed in by the caller: unknown here.
    public static async Task CallerOptionsAsync(string host, SocketOptions options)
    {
        var socket = Sockets.Connect(host, 587, options);
        await CommandAsync(socket, "STARTTLS");
        await using var tls = socket.StartTls();
        await CommandAsync(tls, "QUIT");
    }

    // Sends QUIT on the old socket after the upgrade.
    public static async Task QuitOnOldSocketAsync(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await CommandAsync(plain, "STARTTLS");
        var secure = plain.StartTls();
        await CommandAsync(secure, "EHLO worker.example.com");
        await plain.Writable.WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n")); // expect: WSK006
        await secure.CloseAsync();
    }

    // A web hook over a raw socket.
    public static async Task NotifyAsync(string host, string body)
    {
        await using var socket = Sockets.Connect(host, 443, new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK010
        await CommandAsync(socket, body);
    }

    public static async Task NotifyPlainAsync(string host, string body)
    {
        const string Address = "hooks.example.com:80";
        await using var socket = Sockets.Connect(Address); // expect: WSK010
        await CommandAsync(socket, body);
        _ = host;
    }

    public static async Task AltHttpPortAsync(string body)
    {
        await using var socket = Sockets.Connect("hooks.example.com:8080");
        await CommandAsync(socket, body);
    }
}
