using System.Net.Sockets;
using System.Security.Authentication;
using WorkerSockets;

namespace Customers.Postgres;

/// <summary>
/// A small PostgreSQL client over a <see cref="WorkerSocket"/>, as the JavaScript <c>pg</c> driver is used on Workers:
/// connect (with <c>SSLRequest</c> and <see cref="WorkerSocket.StartTls"/> when <c>sslmode=require</c>), run simple
/// queries, and <see cref="EndAsync"/>. One client is one connection, for one request.
/// </summary>
public sealed class PgClient : IAsyncDisposable
{
    private readonly PgConnectionSettings _settings;
    private WorkerSocket? _socket;
    private PgSession? _session;
    private Task? _ended;

    /// <summary>Creates a client for a connection string (URL or key=value form); nothing is opened yet.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public PgClient(string connectionString)
        : this(PgConnectionSettings.Parse(connectionString))
    {
    }

    /// <summary>Creates a client for parsed settings; nothing is opened yet.</summary>
    /// <param name="settings">Where and how to connect.</param>
    public PgClient(PgConnectionSettings settings) => _settings = settings;

    /// <summary>What the server reported at startup (<c>server_version</c>, ...); empty before <see cref="ConnectAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> ServerParameters => _session?.ServerParameters ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Whether the connection runs over TLS.</summary>
    public bool IsEncrypted => _socket?.SecureTransport == SecureTransport.On;

    /// <summary>Opens the socket, negotiates TLS when required, and logs in.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="PgConnectionException">The server cannot be reached, refuses TLS, or the connection broke.</exception>
    /// <exception cref="PgException">The server refused the login (e.g. SQLSTATE 28P01, wrong password).</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("ConnectAsync has already been called on this client.");
        }

        bool tls = _settings.SslMode == PgSslMode.Require;
        _socket = Sockets.Connect(_settings.Host, _settings.Port, new SocketOptions { SecureTransport = tls ? SecureTransport.StartTls : SecureTransport.Off });
        try
        {
            await OpenedAsync(_socket, cancellationToken).ConfigureAwait(false);
            if (tls)
            {
                if (!await PgSession.RequestTlsAsync(_socket.Readable, _socket.Writable, cancellationToken).ConfigureAwait(false))
                {
                    throw new PgConnectionException($"The server at {_settings.Host}:{_settings.Port} does not accept TLS, but sslmode=require.");
                }

                _socket = _socket.StartTls();
                await OpenedAsync(_socket, cancellationToken).ConfigureAwait(false);
            }

            _session = new PgSession(_socket.Readable, _socket.Writable);
            await _session.StartAsync(_settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            await CloseAfterFailureAsync().ConfigureAwait(false);
            throw new PgConnectionException($"The connection to {_settings.Host}:{_settings.Port} failed: {error.Message}", error);
        }
        catch
        {
            await CloseAfterFailureAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="sql"/> with the simple query protocol; values come back as text.</summary>
    /// <param name="sql">One or more SQL statements; the rows of the last result set are returned.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer (the connection is then unusable).</param>
    /// <returns>The columns and rows.</returns>
    /// <exception cref="PgException">The server reported an error; the connection stays usable.</exception>
    /// <exception cref="PgConnectionException">The connection broke.</exception>
    public async Task<PgQueryResult> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        PgSession session = _session ?? throw new InvalidOperationException("Call ConnectAsync before QueryAsync.");
        try
        {
            return await session.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            throw new PgConnectionException($"The connection to {_settings.Host}:{_settings.Port} broke: {error.Message}", error);
        }
    }

    /// <summary>Sends Terminate and closes the socket. Every call returns the same task.</summary>
    /// <returns>A task that completes when the socket is closed.</returns>
    public Task EndAsync() => _ended ??= EndCoreAsync();

    /// <summary>Same as <see cref="EndAsync"/>.</summary>
    /// <returns>A task that completes when the socket is closed.</returns>
    public ValueTask DisposeAsync() => new(EndAsync());

    private async Task EndCoreAsync()
    {
        if (_socket is null)
        {
            return;
        }

        try
        {
            if (_session is not null)
            {
                await _session.TerminateAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            // The connection already broke (and that was reported where it broke): closing is all that is left.
        }

        await _socket.CloseAsync().ConfigureAwait(false);
    }

    private async Task OpenedAsync(WorkerSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            await socket.Opened.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new PgConnectionException($"Could not connect to {_settings.Host}:{_settings.Port}: {error.Message}", error);
        }
    }

    private static bool IsConnectionFailure(Exception error)
        => error is IOException or SocketException or AuthenticationException;

    private async Task CloseAfterFailureAsync()
    {
        WorkerSocket? socket = _socket;
        _ended = Task.CompletedTask;
        if (socket is null)
        {
            return;
        }

        try
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connect error being reported says more than a failed close of the same broken socket.
        }
    }
}
