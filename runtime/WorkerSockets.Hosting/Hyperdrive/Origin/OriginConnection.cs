using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Origin;

/// <summary>Where an origin connection is in its life; the pool and the lease are the only places that change it.</summary>
internal enum OriginConnectionState
{
    /// <summary>In the pool, waiting for a client; no transaction open.</summary>
    Idle,

    /// <summary>Lent to one client for one transaction.</summary>
    Leased,

    /// <summary>Being cleaned (<c>ROLLBACK</c>, <c>DISCARD ALL</c>) before it goes back to the pool.</summary>
    Resetting,

    /// <summary>Its socket failed or its state is unknown: it is closed, never reused.</summary>
    Broken,
}

/// <summary>One authenticated connection from the pool to the origin database: a socket, TLS when asked, and pipes.</summary>
internal sealed class OriginConnection : IAsyncDisposable
{
    private const int MaxStartupMessage = 1024 * 1024;
    private readonly Socket _socket;
    private readonly Stream _stream;

    // The stream is read by one loop into this pipe, so that waking the pump (CancelPendingRead) never cancels a
    // read on the stream itself: a cancelled SslStream read can leave the connection unusable.
    private readonly Pipe _incoming;
    private readonly ReceiveLoopScheduler _pumpScheduler = new();
    private readonly Task _receiving;

    private OriginConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        _incoming = new(new PipeOptions(readerScheduler: _pumpScheduler, pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
        Writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024));
        _receiving = ReceiveAsync();
    }

    /// <summary>What the origin sent; completes with an <see cref="OriginException"/> when the connection fails.</summary>
    public PipeReader Reader => _incoming.Reader;

    public PipeWriter Writer { get; }

    public OriginConnectionState State { get; set; } = OriginConnectionState.Leased;

    /// <summary>The origin's <c>ParameterStatus</c> bodies from its startup, as clients are told them.</summary>
    public IReadOnlyList<byte[]> ParameterStatuses { get; private set; } = [];

    /// <summary>The origin backend's own <c>BackendKeyData</c>: what a <c>CancelRequest</c> for this connection must name (null if the origin sent none).</summary>
    public BackendKey? BackendKey { get; private set; }

    /// <summary>Ids (from <see cref="Client.PreparedStatementRegistry"/>) of the statements prepared on this connection.</summary>
    public HashSet<int> PreparedStatements { get; } = [];

    /// <summary>When it last went back to the pool (<see cref="Environment.TickCount64"/>).</summary>
    public long IdleSinceTicks { get; set; }

    /// <summary>Connects, negotiates TLS as the settings ask, and logs in.</summary>
    public static Task<OriginConnection> OpenAsync(OriginSettings settings, SocketPolicy tls, CancellationToken cancellationToken)
        => OriginTransport.ConnectAsync(
            settings,
            tls,
            purpose: "",
            async (socket, stream, token) =>
            {
                var connection = new OriginConnection(socket, stream);
                await connection.LogInAsync(settings, token).ConfigureAwait(false);
                return connection;
            },
            cancellationToken);

    /// <summary>Whether the origin closed or wrote to the connection while it sat idle (restart, admin shutdown).</summary>
    public bool LooksClosedWhileIdle()
    {
        try
        {
            if (!Reader.TryRead(out var result))
            {
                return false;
            }

            // A wake-up left over from the last lease (CancelPendingRead) reads as canceled and empty: that is not the origin.
            // An idle connection is owed nothing, so any byte, or the end, means it is unusable.
            bool unusable = !result.Buffer.IsEmpty || result.IsCompleted;
            Reader.AdvanceTo(result.Buffer.Start);
            return unusable;
        }
        catch (Exception e) when (e is OriginException or InvalidOperationException)
        {
            return true;
        }
    }

    private async Task ReceiveAsync()
    {
        var incoming = _incoming.Writer;
        try
        {
            while (true)
            {
                int read = await _stream.ReadAsync(incoming.GetMemory(8192)).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                incoming.Advance(read);
                ValueTask<FlushResult> flushed;
                _pumpScheduler.Enter();
                try
                {
                    flushed = incoming.FlushAsync();
                }
                finally
                {
                    _pumpScheduler.Exit();
                }

                if ((await flushed.ConfigureAwait(false)).IsCompleted)
                {
                    break;
                }
            }

            await incoming.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await incoming.CompleteAsync(new OriginException($"The connection to the origin failed: {e.Message}", e)).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="sql"/> and reads until <c>ReadyForQuery</c>; returns its transaction status, or throws on an error.</summary>
    public async Task<PgTransactionStatus> RunInternalAsync(string sql, CancellationToken cancellationToken)
    {
        PgMessageWriter.WriteQuery(Writer, sql);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        string? error = null;
        while (true)
        {
            var (type, body) = await ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            if (type == PgBackend.ErrorResponse)
            {
                error = PgMessageParser.ReadError(new ReadOnlySequence<byte>(body)).Message;
            }
            else if (type == PgBackend.CommandComplete && IsResetTag(body))
            {
                PreparedStatements.Clear();
            }
            else if (type == PgBackend.ReadyForQuery)
            {
                return error is null ? (PgTransactionStatus)body[0] : throw new OriginException($"The origin refused '{sql}': {error}");
            }
        }
    }

    /// <summary>Whether a CommandComplete tag says the connection's prepared statements are gone.</summary>
    public static bool IsResetTag(ReadOnlySpan<byte> tagBody) =>
        tagBody.StartsWith("DISCARD ALL"u8) || tagBody.StartsWith("DEALLOCATE ALL"u8);

    /// <summary>Reads one whole message, copying it: for startup and resets, not the forwarding path.</summary>
    public async Task<(byte Type, byte[] Body)> ReadMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = PgFrameReader.TryRead(ref buffer, MaxStartupMessage, out var frame);
            if (status == PgFrameStatus.Complete)
            {
                var copy = (frame.Type, frame.Body.ToArray());
                Reader.AdvanceTo(buffer.Start);
                return copy;
            }

            if (status == PgFrameStatus.Invalid)
            {
                throw new OriginException("The origin sent a malformed message.");
            }

            Reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new OriginException("The origin closed the connection.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        State = OriginConnectionState.Broken;
        try
        {
            // A polite Terminate lets the origin end the backend at once instead of waiting for the socket to drop.
            PgMessageWriter.WriteEmpty(Writer, PgFrontend.Terminate);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await Writer.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is already gone: nothing to say goodbye to.
        }

        try
        {
            await Reader.CompleteAsync().ConfigureAwait(false);
            await Writer.CompleteAsync().ConfigureAwait(false); // flushes what is left, into a stream that may be gone
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // A broken connection has nothing left to flush to.
        }

        await OriginTransport.DisposeQuietlyAsync(_socket, _stream).ConfigureAwait(false);
        await _receiving.ConfigureAwait(false);
    }

    private async Task LogInAsync(OriginSettings settings, CancellationToken cancellationToken)
    {
        var startup = new ArrayBufferWriter<byte>();
        PgMessageWriter.WriteInt32(startup, 0);
        PgMessageWriter.WriteInt32(startup, PgFrontend.ProtocolVersion3);
        foreach (var (name, value) in (ReadOnlySpan<(string, string)>)[("user", settings.User), ("database", settings.Database), ("client_encoding", "UTF8"), ("application_name", "hyperdrive")])
        {
            PgMessageWriter.WriteCString(startup, name);
            PgMessageWriter.WriteCString(startup, value);
        }

        startup.Write([(byte)0]);
        var bytes = startup.WrittenMemory.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length);
        await Writer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);

        var parameters = new List<byte[]>();
        ScramSha256Client? scram = null;
        while (true)
        {
            var (type, body) = await ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            switch (type)
            {
                case PgBackend.Authentication:
                    scram = await AnswerAuthenticationAsync(settings, body, scram, cancellationToken).ConfigureAwait(false);
                    break;
                case PgBackend.ParameterStatus:
                    parameters.Add(body);
                    break;
                case PgBackend.BackendKeyData when body.Length == 8:
                    BackendKey = new BackendKey(BinaryPrimitives.ReadInt32BigEndian(body), BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(4)));
                    break;
                case PgBackend.ErrorResponse:
                    var (_, sqlState, message) = PgMessageParser.ReadError(new ReadOnlySequence<byte>(body));
                    throw new OriginException($"The origin database refused the pool's login ({sqlState}): {message}");
                case PgBackend.ReadyForQuery:
                    ParameterStatuses = parameters;
                    return;
            }
        }
    }

    private async Task<ScramSha256Client?> AnswerAuthenticationAsync(OriginSettings settings, byte[] body, ScramSha256Client? scram, CancellationToken cancellationToken)
    {
        int code = BinaryPrimitives.ReadInt32BigEndian(body);
        var data = body.AsSpan(4);
        switch (code)
        {
            case 0: // AuthenticationOk
                return scram;
            case 3: // cleartext
                await SendPasswordAsync(Encoding.UTF8.GetBytes(settings.Password + "\0"), cancellationToken).ConfigureAwait(false);
                return scram;
            case 5: // md5: "md5" + md5hex(md5hex(password + user) + salt)
                var inner = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(settings.Password + settings.User)));
                var outer = Convert.ToHexStringLower(MD5.HashData([.. Encoding.ASCII.GetBytes(inner), .. data[..4]]));
                await SendPasswordAsync(Encoding.ASCII.GetBytes("md5" + outer + "\0"), cancellationToken).ConfigureAwait(false);
                return scram;
            case 10: // SASL: the server lists its mechanisms
                if (!Encoding.UTF8.GetString(data).Split('\0').Contains(ScramSha256Client.Mechanism))
                {
                    throw new OriginException("The origin offers no SASL mechanism the pool supports (SCRAM-SHA-256).");
                }

                scram = new ScramSha256Client(settings.Password);
                var first = scram.ClientFirstMessage();
                var initial = new ArrayBufferWriter<byte>();
                PgMessageWriter.WriteCString(initial, ScramSha256Client.Mechanism);
                PgMessageWriter.WriteInt32(initial, first.Length);
                initial.Write(first);
                await SendPasswordAsync(initial.WrittenMemory.ToArray(), cancellationToken).ConfigureAwait(false);
                return scram;
            case 11: // SASLContinue: server-first-message
                var final = (scram ?? throw new OriginException("The origin sent SASLContinue before SASL.")).ClientFinalMessage(Encoding.UTF8.GetString(data));
                await SendPasswordAsync(final, cancellationToken).ConfigureAwait(false);
                return scram;
            case 12: // SASLFinal: server-final-message
                (scram ?? throw new OriginException("The origin sent SASLFinal before SASL.")).VerifyServerFinal(Encoding.UTF8.GetString(data));
                return scram;
            default:
                throw new OriginException($"The origin asks for an authentication method the pool does not support (code {code}).");
        }
    }

    private async Task SendPasswordAsync(byte[] body, CancellationToken cancellationToken)
    {
        PgMessageWriter.Write(Writer, PgFrontend.PasswordMessage, body);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
