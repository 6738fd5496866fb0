// Batch 8: hurried handler code copied from docs/rules/WSK001.md and WSK010.md ("fires" / "does not fire"), varied
// slightly (renamed locals, try/catch, helpers, expression bodies, ConfigureAwait). Written from the rule pages alone.
using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Ports;

public static class MailPorts
{
    public const int Smtp = 25;
    public const int Submission = 587;
    public const string Relay = "relay.example.com:25";
    public const int Https = 443;
}

public sealed class Mailer
{
    private readonly int _configuredPort;

    public Mailer(int configuredPort) => _configuredPort = configuredPort;

    public async Task SendLiteralAsync()
    {
        await using var smtp = Sockets.Connect("smtp.example.com:25"); // expect: WSK001
        await smtp.Opened;
    }

    public async Task SendHostPortAsync(string mailHost)
    {
        try
        {
            await using var conn = Sockets.Connect(mailHost, 25); // expect: WSK001
            await conn.Opened.ConfigureAwait(false);
        }
        catch (SocketPolicyException)
        {
            // logged elsewhere
        }
    }

    public async Task SendEndpointAsync(string mailHost)
    {
        var ep = new DnsEndPoint(mailHost, 25);
        await using WorkerSocket conn = Sockets.Connect(ep); // expect: WSK001
        await conn.Opened;
    }

    public async Task SendIpAsync(IPAddress ip)
    {
        await using var conn = Sockets.Connect(new IPEndPoint(ip, MailPorts.Smtp)); // expect: WSK001
        await conn.Opened;
    }

    public async Task SendInterpolatedAsync(string mailHost)
    {
        await using var conn = Sockets.Connect($"{mailHost}:{MailPorts.Smtp}"); // expect: WSK001
        await conn.Opened;
    }

    public async Task SendConcatAsync(string mailHost)
    {
        await using var conn = Sockets.Connect(mailHost + ":" + 25); // expect: WSK001
        await conn.Opened;
    }

    public async Task SendConstAddressAsync()
    {
        await using var conn = Sockets.Connect(MailPorts.Relay); // expect: WSK001
        await conn.Opened;
    }

    public async Task SendLocalPortAsync(string mailHost)
    {
        var port = 25;
        await using var conn = Sockets.Connect(mailHost, port); // expect: WSK001
        await conn.Opened;
    }

    public async Task SendIpv6Async()
    {
        await using var conn = Sockets.Connect("[2001:db8::1]:25"); // expect: WSK001
        await conn.Opened;
    }

    // Quiet: submission ports, ports not known at compile time, a local assigned twice.
    public async Task SubmitAsync()
    {
        await using var conn = Sockets.Connect("smtp.example.com:587", new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await conn.Opened;
    }

    public async Task SubmitAltAsync(string mailHost)
    {
        await using var conn = Sockets.Connect(mailHost, 2525);
        await conn.Opened;
    }

    public async Task SubmitConfiguredAsync(string mailHost)
    {
        var port = 25;
        port = _configuredPort;
        await using var conn = Sockets.Connect(mailHost, port);
        await conn.Opened;
    }

    public async Task SubmitImplicitTlsAsync(string mailHost)
    {
        await using var conn = Sockets.Connect(mailHost, 465, new SocketOptions { SecureTransport = SecureTransport.On });
        await conn.Opened;
    }

    public async Task SubmitFromParameterAsync(string mailHost, int port)
    {
        await using var conn = Sockets.Connect(mailHost, port);
        await conn.Opened;
    }
}

public sealed class WebProbe
{
    private static readonly HttpClient Http = new();

    public async Task<bool> ProbeTlsAsync()
    {
        await using var web = Sockets.Connect("example.com:443"); // expect: WSK010
        var info = await web.Opened.ConfigureAwait(false);
        return info is not null;
    }

    public async Task ProbePlainAsync(string site)
    {
        await using var web = Sockets.Connect(site, 80); // expect: WSK010
        await web.Opened;
    }

    public async Task ProbeEndpointAsync(string site)
    {
        await using var web = Sockets.Connect(new DnsEndPoint(site, MailPorts.Https)); // expect: WSK010
        await web.Opened;
    }

    public async Task ProbeInterpolatedAsync(string site)
    {
        await using var web = Sockets.Connect($"{site}:443"); // expect: WSK010
        await web.Opened;
    }

    // Quiet: an alternate port, and the page's own fix (HttpClient).
    public async Task ProbeAltAsync()
    {
        await using var web = Sockets.Connect("example.com:8443");
        await web.Opened;
    }

    public async Task<string> FetchAsync()
    {
        using var response = await Http.GetAsync("https://example.com/").ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }
}
