// Batch 4: how addresses get built in configuration-driven code, and upgrades whose options come from elsewhere.
using System;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Addressing;

public static class MailTargets
{
    public const string RelayAddress = "relay.example.com:25";
    public const string SubmissionAddress = "relay.example.com:587";
    public const int MxPort = 25;

    public static async Task RelayConstAsync()
    {
        await using var s = Sockets.Connect(RelayAddress); // expect: WSK001
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task SubmissionConstAsync()
    {
        await using var s = Sockets.Connect(SubmissionAddress, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task ConcatenatedAsync(string host)
    {
        await using var s = Sockets.Connect(host + ":" + MxPort); // expect: WSK001
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task LocalConstAsync(string host)
    {
        const int port = 25;
        await using var s = Sockets.Connect($"{host}:{port}"); // expect: WSK001
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task FormattedAsync(string host)
    {
        // string.Format is not one of the forms the rule reads.
        await using var s = Sockets.Connect(string.Format("{0}:{1}", host, 2525));
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task FromEnvironmentAsync(string host)
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("SMTP_PORT"), out var configured) ? configured : 587;
        await using var s = Sockets.Connect(host, port);
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task WebLoopbackAsync()
    {
        await using var s = Sockets.Connect("[::1]:80"); // expect: WSK010
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task TlsApiAsync()
    {
        await using var s = Sockets.Connect("api.example.com:443", new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK010
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task AltHttpsAsync()
    {
        await using var s = Sockets.Connect("api.example.com:8443", new SocketOptions { SecureTransport = SecureTransport.On });
        await s.Opened.ConfigureAwait(false);
    }
}

public static class Upgrades
{
    public static async Task UsingBothAsync(string host)
    {
        await using var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await plain.Writable.WriteAsync("STARTTLS\r\n"u8.ToArray()).ConfigureAwait(false);
        await using var tls = plain.StartTls();
        await tls.Writable.WriteAsync("EHLO worker\r\n"u8.ToArray()).ConfigureAwait(false);
    }

    public static async Task ReassignedOptionsAsync(string host, bool secure)
    {
        var options = new SocketOptions();
        if (secure)
        {
            options = options with { SecureTransport = SecureTransport.StartTls };
        }

        var socket = Sockets.Connect(host, 587, options);
        await using var tls = socket.StartTls();
        await tls.Opened.ConfigureAwait(false);
    }

    public static async Task FromFactoryAsync(string host)
    {
        var socket = Open(host);
        await using var tls = socket.StartTls();
        await tls.Opened.ConfigureAwait(false);
    }

    public static async Task SharedOptionsAsync(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        await using var probe = Sockets.Connect(host, 7, options);
        var socket = Sockets.Connect(host, 587, options);
        await using var tls = socket.StartTls(); // expect: WSK005
        await tls.Opened.ConfigureAwait(false);
    }

    private static WorkerSocket Open(string host) => Sockets.Connect(host, 587);
}
