namespace WorkerSockets;

/// <summary>A database connection binding (<c>[[hyperdrive]]</c>): its parts, and <see cref="Connect"/> to open a socket to it.</summary>
public sealed class Hyperdrive
{
    /// <summary>The port PostgreSQL listens on when the URL names none.</summary>
    public const int DefaultPort = 5432;

    /// <summary>Parses a <c>postgres://user:password@host:port/database</c> (or <c>postgresql://</c>) connection string.</summary>
    /// <param name="connectionString">The connection string; user, password, host and database may be percent-encoded.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connectionString"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The string is not such a URL; the message never repeats the string, which holds the password.</exception>
    public Hyperdrive(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ConnectionString = connectionString;
        (User, Password, Host, Port, Database) = PostgresUrl.Parse(connectionString);
    }

    /// <summary>The full connection string, password included.</summary>
    public string ConnectionString { get; }

    /// <summary>The database host: a name or an IP literal (IPv6 without brackets).</summary>
    public string Host { get; }

    /// <summary>The database port; <see cref="DefaultPort"/> when the URL names none.</summary>
    public int Port { get; }

    /// <summary>The user name.</summary>
    public string User { get; }

    /// <summary>The password; empty when the URL has none.</summary>
    public string Password { get; }

    /// <summary>The database name; the user name when the URL names none, as PostgreSQL does.</summary>
    public string Database { get; }

    /// <summary>Opens a socket to <see cref="Host"/>:<see cref="Port"/> in the current request.</summary>
    /// <returns>The socket.</returns>
    public WorkerSocket Connect() => Sockets.Connect(Host, Port);

    /// <summary>The connection URL with the password replaced by <c>***</c> and without query parameters.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        var user = Uri.EscapeDataString(User);
        var credentials = Password.Length > 0 ? $"{user}:***@" : user.Length > 0 ? $"{user}@" : "";
        return $"postgres://{credentials}{host}:{Port}/{Uri.EscapeDataString(Database)}";
    }
}
