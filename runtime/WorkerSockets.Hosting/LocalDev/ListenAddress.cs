using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WorkerSockets.Hosting.LocalDev;

/// <summary>
/// Where the dev server listens, from <c>--ip</c> or <c>[dev] ip</c> as wrangler takes them: an IP address,
/// <c>localhost</c> (IPv4 and IPv6 loopback), or <c>*</c> / <c>0.0.0.0</c> / <c>::</c> for every interface.
/// </summary>
internal sealed record ListenAddress(string Text, IPAddress? Address)
{
    /// <summary>The default, as before wrangler's <c>[dev]</c> settings were read: IPv4 loopback only.</summary>
    public static readonly ListenAddress Default = new("127.0.0.1", IPAddress.Loopback);

    /// <summary>Whether only this machine can connect.</summary>
    public bool IsLoopback => Address is null ? Text == "localhost" : IPAddress.IsLoopback(Address);

    /// <summary>Whether every interface is served (<c>0.0.0.0</c>, <c>*</c>, <c>::</c>).</summary>
    public bool IsEveryInterface => Address is not null && (Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any));

    /// <summary>Parses an <c>--ip</c> / <c>[dev] ip</c> value; <paramref name="source"/> names where it came from, for the error.</summary>
    /// <exception cref="DevServerException">The value is neither an IP address, <c>localhost</c> nor <c>*</c>.</exception>
    public static ListenAddress Parse(string text, string source)
    {
        var trimmed = text.Trim();
        if (trimmed is "localhost")
            return new ListenAddress(trimmed, null);
        if (trimmed is "*")
            return new ListenAddress(trimmed, IPAddress.IPv6Any);

        // [::1] is how a URL spells it; wrangler accepts either.
        var bare = trimmed.StartsWith('[') && trimmed.EndsWith(']') ? trimmed[1..^1] : trimmed;
        return IPAddress.TryParse(bare, out var address)
            ? new ListenAddress(trimmed, address)
            : throw new DevServerException($"{source} {text}: not an IP address (use e.g. 127.0.0.1, ::1, localhost, or 0.0.0.0 / * for every interface)");
    }

    /// <summary>Adds the endpoint to Kestrel; with <paramref name="https"/>, TLS with Kestrel's default certificate.</summary>
    public void Listen(KestrelServerOptions kestrel, int port, bool https)
    {
        // Kestrel:Certificates:Default when configured, else the ASP.NET Core development certificate (dotnet dev-certs https).
        Action<ListenOptions> configure = https ? listen => listen.UseHttps() : _ => { };
        if (Address is null && port == 0)
            kestrel.Listen(IPAddress.Loopback, port, configure);   // Kestrel cannot pick one free port for both loopbacks
        else if (Address is null)
            kestrel.ListenLocalhost(port, configure);
        else if (Address.Equals(IPAddress.IPv6Any))
            kestrel.ListenAnyIP(port, configure);   // both IPv4 and IPv6, falling back to IPv4 where IPv6 is off
        else
            kestrel.Listen(Address, port, configure);
    }
}
