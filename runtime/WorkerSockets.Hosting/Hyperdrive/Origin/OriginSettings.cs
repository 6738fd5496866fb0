using System.Globalization;

namespace WorkerSockets.Hosting.Hyperdrive.Origin;

/// <summary>Whether the origin connection uses TLS (libpq's <c>sslmode</c>); the certificate is always validated when it does.</summary>
internal enum OriginSslMode
{
    /// <summary>Plain TCP.</summary>
    Disable,

    /// <summary>TLS when the server offers it, plain otherwise (libpq's default).</summary>
    Prefer,

    /// <summary>TLS or fail (<c>require</c>, <c>verify-ca</c>, <c>verify-full</c>).</summary>
    Require,
}

/// <summary>The origin's address and login, from a <c>postgres://</c> URL or libpq's key=value form; never printed with its password.</summary>
internal sealed record OriginSettings(string Host, int Port, string User, string Password, string Database, OriginSslMode SslMode)
{
    public static OriginSettings Parse(string connectionString)
    {
        var text = connectionString.Trim();
        return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? ParseUrl(text)
            : ParseKeyValue(text);
    }

    /// <summary>Leaves the password out.</summary>
    public override string ToString() => $"{User}@{Host}:{Port}/{Database} (sslmode={SslMode.ToString().ToLowerInvariant()})";

    private static OriginSettings ParseUrl(string url)
    {
        var (user, password, host, port, database) = PostgresUrl.Parse(url);
        var sslMode = OriginSslMode.Prefer;
        int query = url.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            foreach (var pair in url[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                if (parts[0] == "sslmode")
                {
                    sslMode = ParseSslMode(Uri.UnescapeDataString(parts.Length > 1 ? parts[1] : ""));
                }
            }
        }

        return new OriginSettings(host, port, user, password, database, sslMode);
    }

    private static OriginSettings ParseKeyValue(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException("The origin connection string is neither a postgres:// URL nor key=value pairs.");
            }

            values[pair[..equals]] = pair[(equals + 1)..].Trim('\'');
        }

        string Value(string key, string fallback) => values.TryGetValue(key, out var v) ? v : fallback;
        var user = Value("user", "");
        var portText = Value("port", "5432");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new FormatException("The origin connection string's port is not a number from 0 to 65535.");
        }

        var host = Value("host", "");
        if (host.Length == 0)
        {
            throw new FormatException("The origin connection string has no host.");
        }

        return new OriginSettings(host, port, user, Value("password", ""), Value("dbname", user), ParseSslMode(Value("sslmode", "prefer")));
    }

    private static OriginSslMode ParseSslMode(string value) => value switch
    {
        "disable" => OriginSslMode.Disable,
        "allow" or "prefer" => OriginSslMode.Prefer,
        "require" or "verify-ca" or "verify-full" => OriginSslMode.Require,
        _ => throw new FormatException($"The origin connection string's sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full."),
    };
}
