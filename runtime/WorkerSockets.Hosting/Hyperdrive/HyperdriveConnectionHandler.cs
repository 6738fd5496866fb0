using Microsoft.AspNetCore.Connections;

namespace WorkerSockets.Hosting.Hyperdrive;

/// <summary>
/// Exposes a <see cref="HyperdrivePool"/> to real PostgreSQL clients (psql, pgbench, Npgsql) over a Kestrel listener:
/// <c>listen.UseConnectionHandler&lt;HyperdriveConnectionHandler&gt;()</c> or <c>listen.Use(...)</c> with an instance.
/// Bytes cross a socket here, so clients prove the password with SCRAM-SHA-256 (<see cref="HyperdriveClientTransport.Network"/>).
/// </summary>
public sealed class HyperdriveConnectionHandler : ConnectionHandler
{
    private readonly HyperdrivePool _pool;

    /// <summary>Serves every accepted connection with <paramref name="pool"/>.</summary>
    /// <param name="pool">The pool.</param>
    public HyperdriveConnectionHandler(HyperdrivePool pool) => _pool = pool ?? throw new ArgumentNullException(nameof(pool));

    /// <inheritdoc/>
    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return _pool.ServeAsync(connection.Transport, HyperdriveClientTransport.Network, connection.ConnectionClosed);
    }
}
