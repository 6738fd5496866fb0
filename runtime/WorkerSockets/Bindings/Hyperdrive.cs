namespace WorkerSockets;

/// <summary>A database connection binding (<c>[[hyperdrive]]</c>): its parts, and <see cref="Connect"/> to open a socket to it.</summary>
public sealed class Hyperdrive
{
    /// <summary>Parses a <c>postgres://user:password@host:port/database</c> connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    public Hyperdrive(string connectionString) => throw new NotImplementedException();

    /// <summary>The full connection string, password included.</summary>
    public string ConnectionString => throw new NotImplementedException();

    /// <summary>The database host.</summary>
    public string Host => throw new NotImplementedException();

    /// <summary>The database port.</summary>
    public int Port => throw new NotImplementedException();

    /// <summary>The user name.</summary>
    public string User => throw new NotImplementedException();

    /// <summary>The password.</summary>
    public string Password => throw new NotImplementedException();

    /// <summary>The database name.</summary>
    public string Database => throw new NotImplementedException();

    /// <summary>Opens a socket to <see cref="Host"/>:<see cref="Port"/> in the current request.</summary>
    /// <returns>The socket.</returns>
    public WorkerSocket Connect() => throw new NotImplementedException();
}
