using System.Globalization;
using System.Text;

namespace Customers.Postgres;

/// <summary>Whether the connection to PostgreSQL uses TLS.</summary>
public enum PgSslMode
{
    /// <summary>Plain TCP (libpq's <c>sslmode=disable</c>).</summary>
    Disable,

    /// <summary><c>SSLRequest</c> then TLS; fail when the server refuses. The certificate is always validated.</summary>
    Require,
}

/// <summary>
/// A parsed PostgreSQL connection string: a <c>postgres://user:password@host:port/database?sslmode=require</c> URL or
/// libpq's <c>host=... port=... user=... password=... dbname=... sslmode=...</c> form.
/// <see cref="ToString"/> and every parse error leave the password out.
/// </summary>
public sealed class PgConnectionSettings
{
    private PgConnectionSettings(string host, int port, string user, string password, string database, PgSslMode sslMode)
    {
        Host = host;
        Port = port;
        User = user;
        Password = password;
        Database = database;
        SslMode = sslMode;
    }

    /// <summary>The server's host name or IP address.</summary>
    public string Host { get; }

    /// <summary>The server's TCP port (5432 unless given).</summary>
    public int Port { get; }

    /// <summary>The role to log in as.</summary>
    public string User { get; }

    /// <summary>The password; empty when none is given.</summary>
    public string Password { get; }

    /// <summary>The database (the user name unless given).</summary>
    public string Database { get; }

    /// <summary>Whether TLS is required.</summary>
    public PgSslMode SslMode { get; }

    /// <summary>Parses either connection-string form.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="FormatException">The string is malformed; the message never contains the string itself.</exception>
    public static PgConnectionSettings Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        // A worker parses its binding's one connection string on every request; the settings are immutable, so the last
        // one parsed is reused instead of running Uri and the percent-decoding again (P7).
        if (s_lastParsed is { } last && string.Equals(last.Text, connectionString, StringComparison.Ordinal))
        {
            return last.Settings;
        }

        string trimmed = connectionString.Trim();
        var settings = trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? ParseUrl(trimmed)
            : ParseKeyValue(trimmed);
        s_lastParsed = new ParsedConnectionString(connectionString, settings);
        return settings;
    }

    private static ParsedConnectionString? s_lastParsed;

    private sealed record ParsedConnectionString(string Text, PgConnectionSettings Settings);

    /// <summary>Describes the destination without the password: <c>user@host:port/database (sslmode=...)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"{User}@{FormatHost(Host)}:{Port}/{Database} (sslmode={SslModeName(SslMode)})";

    private static PgConnectionSettings ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("The PostgreSQL connection URL could not be parsed.");
        }

        string user = "", password = "";
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            options[key] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
        }

        options.TryGetValue("user", out string? queryUser);
        options.TryGetValue("password", out string? queryPassword);
        options.TryGetValue("sslmode", out string? sslMode);
        string host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        int port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port;
        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return Create(host, port, queryUser ?? user, queryPassword ?? password, database, sslMode);
    }

    private static PgConnectionSettings ParseKeyValue(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            int keyStart = i;
            while (i < text.Length && text[i] != '=' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string key = text[keyStart..i];
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (key.Length == 0 || i == text.Length || text[i] != '=')
            {
                throw new FormatException("The PostgreSQL connection string is neither a postgres:// URL nor key=value pairs.");
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            values[key] = ReadValue(text, ref i);
        }

        values.TryGetValue("port", out string? portText);
        int port = 5432;
        if (portText is not null && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            throw new FormatException("The PostgreSQL connection string has a port that is not a number.");
        }

        return Create(
            values.GetValueOrDefault("host", ""),
            port,
            values.GetValueOrDefault("user", ""),
            values.GetValueOrDefault("password", ""),
            values.GetValueOrDefault("dbname", ""),
            values.GetValueOrDefault("sslmode"));
    }

    // libpq: a value is a run of non-space characters, or single-quoted with \' and \\ escapes.
    private static string ReadValue(string text, ref int i)
    {
        var value = new StringBuilder();
        if (i < text.Length && text[i] == '\'')
        {
            i++;
            while (true)
            {
                if (i == text.Length)
                {
                    throw new FormatException("The PostgreSQL connection string has an unterminated quoted value.");
                }

                char c = text[i++];
                if (c == '\'')
                {
                    return value.ToString();
                }

                if (c == '\\' && i < text.Length)
                {
                    c = text[i++];
                }

                value.Append(c);
            }
        }

        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            char c = text[i++];
            if (c == '\\' && i < text.Length)
            {
                c = text[i++];
            }

            value.Append(c);
        }

        return value.ToString();
    }

    private static PgConnectionSettings Create(string host, int port, string user, string password, string database, string? sslMode)
    {
        if (host.Length == 0)
        {
            throw new FormatException("The PostgreSQL connection string has no host.");
        }

        if (user.Length == 0)
        {
            throw new FormatException("The PostgreSQL connection string has no user.");
        }

        if (port is <= 0 or > 65535)
        {
            throw new FormatException("The PostgreSQL connection string has a port outside 1..65535.");
        }

        PgSslMode mode = sslMode switch
        {
            null or "" or "disable" => PgSslMode.Disable,
            // TLS here always validates the certificate, so the verifying modes mean the same as require.
            "require" or "verify-ca" or "verify-full" => PgSslMode.Require,
            _ => throw new FormatException("The PostgreSQL connection string's sslmode must be disable or require."),
        };
        return new PgConnectionSettings(host, port, user, password, database.Length == 0 ? user : database, mode);
    }

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    private static string SslModeName(PgSslMode mode) => mode == PgSslMode.Require ? "require" : "disable";
}
