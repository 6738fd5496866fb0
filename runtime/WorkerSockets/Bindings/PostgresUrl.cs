using System.Globalization;

namespace WorkerSockets;

/// <summary>Splits a <c>postgres://</c> URL into its parts; error messages never contain the URL, which holds the password.</summary>
internal static class PostgresUrl
{
    private static readonly string[] Schemes = ["postgres://", "postgresql://"];

    public static (string User, string Password, string Host, int Port, string Database) Parse(string url)
    {
        var scheme = Array.Find(Schemes, s => url.StartsWith(s, StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid("it must start with postgres:// or postgresql://");
        var rest = url.AsSpan(scheme.Length);
        var end = rest.IndexOfAny('?', '#');
        if (end >= 0)
        {
            rest = rest[..end];
        }

        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? rest[(slash + 1)..] : [];

        var user = "";
        var password = "";
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            user = Decode(colon >= 0 ? userInfo[..colon] : userInfo, "user");
            password = colon >= 0 ? Decode(userInfo[(colon + 1)..], "password") : "";
        }

        var (host, port) = SplitHostPort(authority);
        var database = Decode(path, "database");
        return (user, password, host, port, database.Length > 0 ? database : user);
    }

    private static (string Host, int Port) SplitHostPort(ReadOnlySpan<char> authority)
    {
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port = [];
        if (authority.StartsWith("["))
        {
            var close = authority.IndexOf(']');
            if (close < 0)
            {
                throw Invalid("the IPv6 host has no closing bracket");
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                port = after[0] == ':' ? after[1..] : throw Invalid("unexpected characters after the IPv6 host");
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
            port = colon >= 0 ? authority[(colon + 1)..] : [];
        }

        var decodedHost = Decode(host, "host");
        if (decodedHost.Length == 0)
        {
            throw Invalid("the host is missing");
        }

        if (port.IsEmpty)
        {
            return (decodedHost, Hyperdrive.DefaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 65535
            ? (decodedHost, number)
            : throw Invalid("the port is not a number from 0 to 65535");
    }

    private static string Decode(ReadOnlySpan<char> part, string what)
    {
        var text = part.ToString();
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                throw Invalid($"the {what} has an invalid percent-encoding");
            }
        }

        return Uri.UnescapeDataString(text);
    }

    private static FormatException Invalid(string reason) =>
        new($"The connection string is not a valid PostgreSQL URL: {reason}.");
}
