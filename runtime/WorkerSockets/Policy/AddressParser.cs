namespace WorkerSockets.Policy;

/// <summary>Parses <c>connect()</c> address strings with workerd's rules and messages.</summary>
/// <remarks>
/// workerd parses <c>"fake://" + address</c> with the WHATWG URL parser, then requires a hostname, then a port, and
/// only then checks the raw string's length and characters. The checks run in that order here too, so an input
/// gets the same message it would get from <c>connect()</c> on the platform.
/// </remarks>
internal static class AddressParser
{
    internal const string MissingPortMessage = "Specified address is missing port.";
    internal const string MissingHostnameMessage = "Specified address is missing hostname.";
    internal const string CouldNotBeParsedMessage = "Specified address could not be parsed.";
    internal const string InvalidHostMessage =
        "Specified address is empty string, contains unsupported characters or is too long.";

    /// <summary>RFC 1035's longest domain name; workerd applies it to the whole address string.</summary>
    internal const int MaxAddressLength = 255;

    /// <summary>Splits <c>host:port</c> or <c>[v6]:port</c>; throws <see cref="ArgumentException"/> with the design's messages.</summary>
    /// <returns>The host (an IPv6 literal without brackets, in its canonical compressed form) and the port.</returns>
    public static (string Host, int Port) Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);

        // design.md names the empty string under this message (workerd itself would say "missing hostname").
        if (address.Length == 0)
        {
            throw new ArgumentException(InvalidHostMessage);
        }

        if (!UrlAuthorityParser.TryParse(address, out var host, out var port))
        {
            throw new ArgumentException(CouldNotBeParsedMessage);
        }

        if (host.Length == 0)
        {
            throw new ArgumentException(MissingHostnameMessage);
        }

        if (port < 0)
        {
            throw new ArgumentException(MissingPortMessage);
        }

        if (!IsValidHost(address))
        {
            throw new ArgumentException(InvalidHostMessage);
        }

        return (host, port);
    }

    /// <summary>Checks a host name given apart from its port (<see cref="InProcessDestinations"/>).</summary>
    /// <remarks>Accepts names, IPv4 literals, and IPv6 literals with or without brackets.</remarks>
    public static void ValidateHostname(string hostname)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        Validate(hostname, hostname.Length);
    }

    /// <summary>Checks the host of the object form, <c>{ hostname, port }</c> (<c>Connect(host, port)</c>, <see cref="System.Net.DnsEndPoint"/>).</summary>
    /// <remarks>
    /// workerd joins the two into <c>hostname:port</c> and checks that string, so the 255-character limit counts the
    /// colon and the port's digits too.
    /// </remarks>
    public static void ValidateHostname(string hostname, int port)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        Validate(hostname, hostname.Length + 1 + port.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
    }

    private static void Validate(string hostname, int checkedLength)
    {
        if (hostname.Length == 0)
        {
            throw new ArgumentException(MissingHostnameMessage);
        }

        if (checkedLength > MaxAddressLength || !HasOnlyHostChars(hostname))
        {
            throw new ArgumentException(InvalidHostMessage);
        }

        if (hostname.AsSpan().IndexOfAny('[', ']', ':') < 0)
        {
            return;
        }

        var literal = hostname.Length >= 2 && hostname[0] == '[' && hostname[^1] == ']'
            ? hostname.AsSpan(1, hostname.Length - 2)
            : hostname.AsSpan();
        if (!Ipv6Text.TryParse(literal, out _))
        {
            throw new ArgumentException(CouldNotBeParsedMessage);
        }
    }

    /// <summary>Formats a host and port so that <see cref="Parse"/> gives them back (brackets around IPv6).</summary>
    internal static string Format(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary>workerd's <c>isValidHost</c>: 1 to 255 characters from <c>A-Z a-z 0-9 - . _ [ ] :</c>.</summary>
    internal static bool IsValidHost(string value) => value.Length is > 0 and <= MaxAddressLength && HasOnlyHostChars(value);

    private static bool HasOnlyHostChars(string value)
    {
        foreach (var c in value)
        {
            if (!IsAllowedHostChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowedHostChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '[' or ']' or ':';
}
