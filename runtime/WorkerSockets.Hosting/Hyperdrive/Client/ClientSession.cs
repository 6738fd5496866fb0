using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>Where a client connection is in its life.</summary>
internal enum ClientSessionState
{
    /// <summary>Before the startup message: SSLRequest and GSSENCRequest are answered N.</summary>
    Startup,

    /// <summary>The password check: SCRAM-SHA-256, or a cleartext password in process.</summary>
    Authenticating,

    /// <summary>Logged in, between transactions: no origin connection held.</summary>
    Idle,

    /// <summary>Logged in, holding an origin connection for a transaction.</summary>
    Leased,

    /// <summary>Done: Terminate, end of stream, a protocol violation, or a lost origin.</summary>
    Closed,
}

/// <summary>
/// One client connection to the pool: startup and authentication answered locally, then every message read here, the
/// transaction's messages forwarded to a leased origin connection, and the origin's replies pumped back by
/// <see cref="PumpAsync"/>. The reader and the pump share the lease's bookkeeping under <see cref="_gate"/>.
/// </summary>
internal sealed partial class ClientSession
{
    private readonly IDuplexPipe _client;
    private readonly PoolContext _pool;
    private readonly HyperdriveClientTransport _transport;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _clientGone = new();
    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);
    private OriginLease? _lease;
    private OriginLease? _lastLease; // the newest lease, ended or not: its pump may still be flushing to the client
    private bool _skipUntilSync;
    private bool _localWrites;
    private volatile bool _closing;

    public ClientSession(IDuplexPipe client, PoolContext pool, HyperdriveClientTransport transport, ILogger logger)
    {
        _client = client;
        _pool = pool;
        _transport = transport;
        _logger = logger;
    }

    public ClientSessionState State { get; private set; } = ClientSessionState.Startup;

    private PipeWriter Output => _client.Output;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await StartupAsync(cancellationToken).ConfigureAwait(false))
            {
                State = ClientSessionState.Idle;
                await ServeMessagesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or OriginException)
        {
            // The client went away, the host is stopping, or an origin write failed: the lease is cleaned below.
            HyperdriveLog.ClientRejected(_logger, e.Message);
        }
        finally
        {
            State = ClientSessionState.Closed;
            UnregisterCancelKey();
            await EndLeaseOnExitAsync().ConfigureAwait(false);
            await DrainEndingPumpAsync().ConfigureAwait(false);
            await _client.Input.CompleteAsync().ConfigureAwait(false);
            await _client.Output.CompleteAsync().ConfigureAwait(false);
            _clientGone.Dispose();
        }
    }

    private async Task ServeMessagesAsync(CancellationToken cancellationToken)
    {
        var input = _client.Input;
        while (!_closing)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            await AwaitEndingPumpAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool keepGoing = true;
            BeginBatch();
            try
            {
                while (keepGoing && !_closing)
                {
                    var status = PgFrameReader.TryRead(ref buffer, _pool.Options.MaxClientMessageSize, out var frame);
                    if (status == PgFrameStatus.Incomplete)
                    {
                        break;
                    }

                    keepGoing = status == PgFrameStatus.Complete
                        ? await HandleAsync(frame, cancellationToken).ConfigureAwait(false)
                        : await RejectAsync(PgSqlState.ProtocolViolation, "invalid message length").ConfigureAwait(false);
                }

                await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                EndBatch();
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (!keepGoing)
            {
                return;
            }

            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    HyperdriveLog.ClientRejected(_logger, "the stream ended inside a message");
                }

                return;
            }
        }
    }

    /// <summary>
    /// Waits while the last lease's pump still hands the client its final reply: the lease has ended (its connection
    /// may serve someone else already), but the client's output is the pump's until that flush returns. Over inline
    /// pipes this reader may be running inside that very flush; the wait is asynchronous, so the flush returns first.
    /// </summary>
    private ValueTask AwaitEndingPumpAsync(CancellationToken cancellationToken)
        => EndingPump() is { } flushing ? new ValueTask(flushing.WaitAsync(cancellationToken)) : ValueTask.CompletedTask;

    /// <summary>
    /// The session is over: the last reply gets <see cref="HyperdrivePoolOptions.ResetTimeout"/> to reach a client that
    /// may have stopped reading, then its flush is cancelled. Its origin connection went back to the pool already.
    /// </summary>
    private async Task DrainEndingPumpAsync()
    {
        if (EndingPump() is not { } flushing)
        {
            return;
        }

        try
        {
            await flushing.WaitAsync(_pool.Options.ResetTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _clientGone.CancelAsync().ConfigureAwait(false);
            await flushing.ConfigureAwait(false);
        }
    }

    private Task? EndingPump()
    {
        lock (_gate)
        {
            return _lastLease is { Ended: true, Pump.IsCompleted: false } last ? last.Pump : null;
        }
    }

    private void BeginBatch()
    {
        lock (_gate)
        {
            if (_lease is { } lease)
            {
                lease.WriterActive = true;
            }
        }
    }

    private void EndBatch()
    {
        OriginLease? wake = null;
        lock (_gate)
        {
            if (_lease is { } lease)
            {
                lease.WriterActive = false;
                wake = lease.CanEnd ? lease : null;
            }
        }

        // The pump waits on the origin; it must look again now that the reader no longer blocks the lease's end.
        wake?.Connection.Reader.CancelPendingRead();
    }

    private async ValueTask FlushBatchAsync(CancellationToken cancellationToken)
    {
        OriginLease? lease;
        lock (_gate)
        {
            lease = _lease;
        }

        if (lease is not null && !lease.Failed)
        {
            // Never the client's token: a TLS write cancelled halfway corrupts the origin stream for whoever is next.
            // Only an abort, after which the connection is closed, may interrupt it.
            await lease.Connection.Writer.FlushAsync(lease.Abort.Token).ConfigureAwait(false);
        }

        if (_localWrites)
        {
            _localWrites = false;
            await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The current lease, or a new one; the reader holds it open until the batch ends.</summary>
    private async ValueTask<OriginLease> LeaseForWriteAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_lease is { } current)
            {
                return current;
            }
        }

        if (_localWrites)
        {
            // The new pump writes to the client from now on; what the reader wrote must be out first.
            _localWrites = false;
            await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = await _pool.Origins.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var lease = new OriginLease(connection) { WriterActive = true };
        lock (_gate)
        {
            _lease = lease;
            _lastLease = lease;
            State = ClientSessionState.Leased;
        }

        lease.Pump = PumpAsync(lease);
        return lease;
    }

    /// <summary>Answers locally: only while no lease is held, so the pump never writes at the same time.</summary>
    private PipeWriter LocalOutput()
    {
        _localWrites = true;
        return Output;
    }

    /// <summary>Sends a FATAL ErrorResponse and ends the session.</summary>
    private async ValueTask<bool> RejectAsync(string sqlState, string message)
    {
        HyperdriveLog.ClientRejected(_logger, message);
        bool leased;
        lock (_gate)
        {
            leased = _lease is not null;
        }

        if (!leased)
        {
            PgMessageWriter.WriteError(Output, "FATAL", sqlState, message);
            await Output.FlushAsync(_clientGone.Token).ConfigureAwait(false);
        }
        else
        {
            lock (_gate)
            {
                _lease!.Expected.Enqueue(new Expectation(ExpectedReply.SyntheticError, SqlState: sqlState, Message: message));
                _lease.Connection.Reader.CancelPendingRead();
            }
        }

        return false;
    }

    /// <summary>
    /// The client is gone. Between messages (nothing in flight) the pump rolls back what is open and keeps the
    /// connection; with replies still owed, the origin's state is unknowable (it may wait in COPY for data that will
    /// never come), so the connection is closed instead, which rolls back too. Never reused dirty either way.
    /// </summary>
    private async Task EndLeaseOnExitAsync()
    {
        OriginLease? lease;
        bool quiescent;
        lock (_gate)
        {
            lease = _lease;
            if (lease is null)
            {
                return;
            }

            lease.ClientGone = true;
            lease.WriterActive = false;
            quiescent = !lease.Failed && lease.PendingReadyForQuery == 0 && !lease.Unsynced && !lease.CopyIn
                && lease.Expected.All(e => e.Kind is ExpectedReply.SyntheticError or ExpectedReply.SyntheticParseComplete or ExpectedReply.SyntheticCloseComplete);
        }

        if (quiescent)
        {
            lease.Connection.Reader.CancelPendingRead(); // the pump waits on the origin; it must look again
            try
            {
                await lease.Pump.WaitAsync(_pool.Options.ResetTimeout).ConfigureAwait(false);
                if (lease.Ended)
                {
                    return; // the pump rolled back and gave the connection back
                }
            }
            catch (TimeoutException)
            {
                // Fall through: abandon the connection.
            }
        }

        await _clientGone.CancelAsync().ConfigureAwait(false);
        await lease.Abort.CancelAsync().ConfigureAwait(false);
        await lease.Pump.ConfigureAwait(false);
        if (!lease.Ended)
        {
            await _pool.Origins.ReturnAsync(lease.Connection, reusable: false).ConfigureAwait(false);
        }
    }
}

/// <summary>What every session of one pool shares.</summary>
internal sealed record PoolContext(
    OriginPool Origins,
    PreparedStatementRegistry Statements,
    HyperdriveClientCredentials Credentials,
    ScramKeys ClientKeys,
    byte[] ClientSalt,
    HyperdrivePoolOptions Options,
    Cache.QueryCache? Cache)
{
    private StartupReply? _startupReply;

    /// <summary>The live sessions' cancel keys, which CancelRequests name.</summary>
    public CancelRegistry Cancels { get; } = new();

    /// <summary>The SHA-256 of the client password, which an in-process login's cleartext answer is compared against.</summary>
    public byte[] ClientPasswordDigest { get; } = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Credentials.Password));

    /// <summary>The encoded login reply for the origin's <paramref name="parameterStatuses"/>, built once per set.</summary>
    public StartupReply StartupReplyFor(IReadOnlyList<byte[]> parameterStatuses)
    {
        var reply = _startupReply;
        if (reply is null || !ReferenceEquals(reply.ParameterStatuses, parameterStatuses))
        {
            // A benign race: two logins may both build it; either copy is the same bytes.
            reply = new StartupReply(parameterStatuses);
            _startupReply = reply;
        }

        return reply;
    }
}
