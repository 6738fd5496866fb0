using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Customers.LocalPostgres;

/// <summary>A login role of a <see cref="LocalPostgresCluster"/> and how it authenticates over TCP.</summary>
/// <param name="Name">The role name.</param>
/// <param name="Password">Its password.</param>
/// <param name="AuthMethod">The <c>pg_hba.conf</c> method: <c>scram-sha-256</c>, <c>md5</c>, <c>password</c> or <c>trust</c>.</param>
/// <param name="TlsOnly">Whether the role may log in over TLS only (a <c>hostssl</c> line instead of <c>host</c>).</param>
public sealed record LocalPostgresRole(string Name, string Password, string AuthMethod, bool TlsOnly = false)
{
    /// <summary>Leaves the password out.</summary>
    /// <returns>The role name and method.</returns>
    public override string ToString() => $"{Name} ({AuthMethod})";
}

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's own binaries: a temporary data folder, a free port on 127.0.0.1
/// only, TLS with a certificate made at start, the given roles, and a seed script. <see cref="DisposeAsync"/> stops it
/// and deletes everything. The folder records its owning process; a start stops and deletes clusters whose owner is gone
/// (killed with SIGKILL, crashed), so none outlives its process for longer than the next start.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly string _binDirectory;
    private readonly LocalPostgresCertificates _certificates;
    private bool _disposed;

    private LocalPostgresCluster(string root, string binDirectory, int port, string database, LocalPostgresCertificates certificates)
    {
        RootDirectory = root;
        _binDirectory = binDirectory;
        Port = port;
        Database = database;
        _certificates = certificates;
    }

    /// <summary>The host the cluster listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port the cluster listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The database the seed script ran in.</summary>
    public string Database { get; }

    /// <summary>The temporary folder holding the data directory, certificates and sockets.</summary>
    public string RootDirectory { get; }

    /// <summary>The root certificate that signed the server's certificate: trust it to connect with <c>sslmode=require</c>.</summary>
    public X509Certificate2 CertificateAuthority => _certificates.Authority;

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>Creates, starts and seeds a cluster.</summary>
    /// <param name="database">The database to create and seed.</param>
    /// <param name="roles">The login roles; each gets <c>pg_hba.conf</c> lines for its method.</param>
    /// <param name="seedSql">SQL run as the superuser in <paramref name="database"/> after the roles exist.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running cluster.</returns>
    public static Task<LocalPostgresCluster> StartAsync(string database, IReadOnlyList<LocalPostgresRole> roles, string seedSql, CancellationToken cancellationToken = default)
        => StartAsync(database, roles, seedSql, FreePort(), cancellationToken);

    /// <summary>As the public overload, trying <paramref name="firstPort"/> first (tests pass a taken one).</summary>
    internal static async Task<LocalPostgresCluster> StartAsync(string database, IReadOnlyList<LocalPostgresRole> roles, string seedSql, int firstPort, CancellationToken cancellationToken)
    {
        string binDirectory = PostgresCommand.FindBinDirectory();
        await LocalPostgresOwnership.ReapOrphansAsync(binDirectory, cancellationToken).ConfigureAwait(false);
        string root = Directory.CreateTempSubdirectory(LocalPostgresOwnership.FolderPrefix).FullName;
        LocalPostgresOwnership.Record(root);
        var cluster = new LocalPostgresCluster(root, binDirectory, firstPort, database, LocalPostgresCertificates.Create());
        try
        {
            await cluster.InitializeAsync(roles, cancellationToken).ConfigureAwait(false);
            await cluster.StartOnAFreePortAsync(cancellationToken).ConfigureAwait(false);
            await cluster.SeedAsync(roles, seedSql, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A <c>postgres://</c> connection string for <paramref name="role"/> (user and password URL-escaped).</summary>
    /// <param name="role">The role to log in as.</param>
    /// <param name="sslMode"><c>require</c> or <c>disable</c>.</param>
    /// <returns>The connection string, password included.</returns>
    public string ConnectionString(LocalPostgresRole role, string sslMode = "require")
        => $"postgres://{Uri.EscapeDataString(role.Name)}:{Uri.EscapeDataString(role.Password)}@{Host}:{Port}/{Uri.EscapeDataString(Database)}?sslmode={sslMode}";

    /// <summary>Runs <paramref name="sql"/> with the real <c>psql</c> as the superuser (over the Unix socket) and returns its output.</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="psqlOptions">Extra psql options, e.g. <c>--csv</c>.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>What psql printed.</returns>
    public Task<string> PsqlAsync(string sql, IEnumerable<string>? psqlOptions = null, CancellationToken cancellationToken = default)
        => PsqlAsync(Database, sql, psqlOptions, cancellationToken);

    /// <summary>Stops the server at once (it can be started again with <see cref="RestartAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default)
        => PgCtlAsync(["stop", "-D", DataDirectory, "-m", "immediate", "-w"], cancellationToken);

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartServerAsync(cancellationToken);

    /// <summary>Stops the server and deletes the temporary folder.</summary>
    /// <returns>A task that completes when everything is removed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(RootDirectory, recursive: true);
            _certificates.Dispose();
        }
    }

    private async Task InitializeAsync(IReadOnlyList<LocalPostgresRole> roles, CancellationToken cancellationToken)
    {
        await PostgresCommand.GiveToPostgresUserAsync(RootDirectory, cancellationToken).ConfigureAwait(false);
        await PostgresCommand.RunAsync(Path.Combine(_binDirectory, "initdb"),
            ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            RootDirectory, cancellationToken).ConfigureAwait(false);

        string sockets = Path.Combine(RootDirectory, "sockets");
        Directory.CreateDirectory(sockets);
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "server.crt"), _certificates.Server.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
        string keyFile = Path.Combine(DataDirectory, "server.key");
        await File.WriteAllTextAsync(keyFile, _certificates.ServerKeyPem, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite); // the server refuses a key others can read
        }

        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"""

            # WorkerSockets throwaway cluster
            listen_addresses = '{Host}'
            port = {Port}
            unix_socket_directories = '{sockets}'
            ssl = on
            ssl_cert_file = 'server.crt'
            ssl_key_file = 'server.key'
            max_connections = 60
            shared_buffers = 16MB
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            """, cancellationToken).ConfigureAwait(false);

        var hba = new StringBuilder("local all all trust\n");
        foreach (LocalPostgresRole role in roles)
        {
            hba.Append($"{(role.TlsOnly ? "hostssl" : "host")} all {role.Name} {Host}/32 {role.AuthMethod}\n");
        }

        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "pg_hba.conf"), hba.ToString(), cancellationToken).ConfigureAwait(false);
        await PostgresCommand.GiveToPostgresUserAsync(RootDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the server; if another process took the port between <see cref="FreePort"/> and the server's bind (the
    /// server cannot bind port 0 and report it), it moves to a new free port and tries again.
    /// </summary>
    private async Task StartOnAFreePortAsync(CancellationToken cancellationToken)
    {
        const int Attempts = 5;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await StartServerAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < Attempts && PortWasTaken())
            {
                Port = FreePort();

                // A later line wins in postgresql.conf; the server log starts afresh so the next failure is judged alone.
                await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"\nport = {Port}\n", cancellationToken).ConfigureAwait(false);
                File.Delete(ServerLog);
            }
        }
    }

    private bool PortWasTaken() => File.Exists(ServerLog) && File.ReadAllText(ServerLog).Contains("Address already in use", StringComparison.Ordinal);

    private string ServerLog => Path.Combine(RootDirectory, "server.log");

    private Task StartServerAsync(CancellationToken cancellationToken)
        => PgCtlAsync(["start", "-D", DataDirectory, "-l", ServerLog, "-w", "-t", "60"], cancellationToken);

    private async Task SeedAsync(IReadOnlyList<LocalPostgresRole> roles, string seedSql, CancellationToken cancellationToken)
    {
        var setup = new StringBuilder();
        foreach (LocalPostgresRole role in roles)
        {
            // md5 logins need an md5-stored password: with a SCRAM verifier the server would upgrade them to SCRAM.
            string storage = role.AuthMethod == "md5" ? "md5" : "scram-sha-256";
            setup.Append($"SET password_encryption = '{storage}'; CREATE ROLE {QuoteIdentifier(role.Name)} LOGIN PASSWORD {QuoteLiteral(role.Password)};\n");
        }

        await PsqlAsync("postgres", setup.ToString(), null, cancellationToken).ConfigureAwait(false);
        await PsqlAsync("postgres", $"CREATE DATABASE {QuoteIdentifier(Database)}", null, cancellationToken).ConfigureAwait(false);
        await PsqlAsync(Database, seedSql, null, cancellationToken).ConfigureAwait(false);
    }

    private Task<string> PsqlAsync(string database, string sql, IEnumerable<string>? psqlOptions, CancellationToken cancellationToken)
        => PostgresCommand.RunAsync(Path.Combine(_binDirectory, "psql"),
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", Path.Combine(RootDirectory, "sockets"), "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-U", Superuser, "-d", database, .. psqlOptions ?? [], "-c", sql],
            RootDirectory, cancellationToken);

    private Task PgCtlAsync(string[] arguments, CancellationToken cancellationToken)
        => PostgresCommand.RunAsync(Path.Combine(_binDirectory, "pg_ctl"), arguments, RootDirectory, cancellationToken);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string QuoteLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
