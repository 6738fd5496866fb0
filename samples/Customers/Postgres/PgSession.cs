using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace Customers.Postgres;

/// <summary>
/// The PostgreSQL protocol (3.0) over one <see cref="PipeReader"/>/<see cref="PipeWriter"/> pair: SSLRequest, startup and
/// authentication (trust, cleartext, md5, SCRAM-SHA-256), the simple query protocol, and Terminate.
/// It knows nothing about sockets, so it runs over a <c>WorkerSocket</c> as well as over any other duplex pipe.
/// </summary>
internal sealed class PgSession
{
    private readonly PipeWriter _output;
    private readonly PgBackendReader _input;

    public PgSession(PipeReader input, PipeWriter output)
    {
        _input = new PgBackendReader(input);
        _output = output;
    }

    // The ParameterStatus bodies as the server sent them (name NUL value NUL, one after another): a connection that serves
    // one request rarely asks for them, so they are decoded into strings only when read (P7).
    private readonly ArrayBufferWriter<byte> _parameterStatuses = new(512);
    private Dictionary<string, string>? _serverParameters;

    /// <summary>The ParameterStatus values the server reported at startup (server_version, client_encoding, ...).</summary>
    public IReadOnlyDictionary<string, string> ServerParameters => _serverParameters ??= DecodeParameterStatuses(_parameterStatuses.WrittenSpan);

    /// <summary>Sends SSLRequest and reads the answer: <see langword="true"/> when the server is ready for a TLS handshake.</summary>
    public static async ValueTask<bool> RequestTlsAsync(PipeReader input, PipeWriter output, CancellationToken cancellationToken)
    {
        PgFrontend.WriteSslRequest(output);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await new PgBackendReader(input).ReadSslResponseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the startup message, answers the server's authentication request and waits for ReadyForQuery.</summary>
    public async Task StartAsync(PgConnectionSettings settings, CancellationToken cancellationToken)
    {
        PgFrontend.WriteStartup(_output,
        [
            new("user", settings.User),
            new("database", settings.Database),
            new("client_encoding", "UTF8"),
            new("application_name", "WorkerSockets.Customers"),
        ]);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);

        var state = new StartupState(_parameterStatuses);
        ScramSha256? scram = null;
        while (true)
        {
            await _input.ReadUntilAsync(state, StartupState.Handle, cancellationToken).ConfigureAwait(false);
            if (state.Error is not null)
            {
                throw state.Error;
            }

            if (state.Ready)
            {
                return;
            }

            switch (state.AuthRequest)
            {
                case AuthCleartextPassword:
                    PgFrontend.WritePassword(_output, settings.Password);
                    break;
                case AuthMd5Password:
                    PgFrontend.WritePassword(_output, Md5Password(settings.User, settings.Password, state.AuthData));
                    break;
                case AuthSasl when state.SaslMechanisms.Contains(ScramSha256.Mechanism):
                    scram = new ScramSha256(settings.Password);
                    PgFrontend.WriteSaslInitialResponse(_output, ScramSha256.Mechanism, scram.ClientFirstMessage());
                    break;
                case AuthSaslContinue when scram is not null:
                    PgFrontend.WriteSaslResponse(_output, scram.ClientFinalMessage(Encoding.UTF8.GetString(state.AuthData)));
                    break;
                case AuthSaslFinal when scram is not null:
                    scram.VerifyServerFinal(Encoding.UTF8.GetString(state.AuthData));
                    continue;
                default:
                    throw new PgConnectionException($"The server asked for an authentication method this client does not support (code {state.AuthRequest}).");
            }

            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="sql"/> with the simple query protocol and returns the rows of its last result set.</summary>
    /// <exception cref="PgException">The server answered with an ErrorResponse; the session stays usable.</exception>
    public async Task<PgQueryResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        PgFrontend.WriteQuery(_output, sql);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var state = new QueryState();
        await _input.ReadUntilAsync(state, QueryState.Handle, cancellationToken).ConfigureAwait(false);
        return state.Error is not null ? throw state.Error : new PgQueryResult(state.Fields, state.Rows, state.CommandTag);
    }

    /// <summary>Sends Terminate; the server then closes its side.</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        PgFrontend.WriteTerminate(_output);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private const int AuthOk = 0;
    private const int AuthCleartextPassword = 3;
    private const int AuthMd5Password = 5;
    private const int AuthSasl = 10;
    private const int AuthSaslContinue = 11;
    private const int AuthSaslFinal = 12;

    // md5: "md5" + md5hex(md5hex(password + user) + salt)
    private static string Md5Password(string user, string password, byte[] salt)
    {
        string inner = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password + user)));
        byte[] outer = [.. Encoding.ASCII.GetBytes(inner), .. salt];
        return "md5" + Convert.ToHexStringLower(MD5.HashData(outer));
    }

    private static Dictionary<string, string> DecodeParameterStatuses(ReadOnlySpan<byte> statuses)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (statuses.IndexOf((byte)0) is var nameEnd and >= 0 && statuses[(nameEnd + 1)..].IndexOf((byte)0) is var valueLength and >= 0)
        {
            parameters[Encoding.UTF8.GetString(statuses[..nameEnd])] = Encoding.UTF8.GetString(statuses.Slice(nameEnd + 1, valueLength));
            statuses = statuses[(nameEnd + 1 + valueLength + 1)..];
        }

        return parameters;
    }

    /// <summary>What the startup conversation has seen: the pending authentication request, an error, or ReadyForQuery.</summary>
    private sealed class StartupState(ArrayBufferWriter<byte> parameterStatuses)
    {
        public ArrayBufferWriter<byte> ParameterStatuses { get; } = parameterStatuses;

        public int AuthRequest { get; private set; } = -1;
        public byte[] AuthData { get; private set; } = [];
        public List<string> SaslMechanisms { get; } = [];
        public PgException? Error { get; private set; }
        public bool Ready { get; private set; }

        public static bool Handle(StartupState state, byte type, ReadOnlySequence<byte> body)
        {
            var reader = new SequenceReader<byte>(body);
            switch (type)
            {
                case (byte)'R':
                    int code = PgBackendReader.ReadInt32(ref reader);
                    if (code == AuthOk)
                    {
                        return false; // ParameterStatus, BackendKeyData and ReadyForQuery follow
                    }

                    state.AuthRequest = code;
                    state.AuthData = reader.UnreadSequence.ToArray();
                    if (code == AuthSasl)
                    {
                        state.SaslMechanisms.Clear();
                        for (string name = PgBackendReader.ReadCString(ref reader); name.Length > 0; name = PgBackendReader.ReadCString(ref reader))
                        {
                            state.SaslMechanisms.Add(name);
                        }
                    }

                    return true;
                case (byte)'S':
                    // Kept only if well formed (name and value, each NUL-terminated); a later value for a name wins on decoding.
                    if (body.PositionOf((byte)0) is { } nameEnd && body.Slice(body.GetPosition(1, nameEnd)).PositionOf((byte)0) is { } valueEnd)
                    {
                        foreach (var segment in body.Slice(0, body.GetPosition(1, valueEnd)))
                        {
                            state.ParameterStatuses.Write(segment.Span);
                        }
                    }

                    return false;
                case (byte)'E':
                    state.Error = PgBackendReader.ReadError(body);
                    return true;
                case (byte)'Z':
                    state.Ready = true;
                    return true;
                default:
                    return false; // BackendKeyData, NoticeResponse, NegotiateProtocolVersion: nothing to do
            }
        }
    }

    /// <summary>What a simple query has returned so far; the query is over at ReadyForQuery.</summary>
    private sealed class QueryState
    {
        public List<PgField> Fields { get; private set; } = [];
        public List<string?[]> Rows { get; private set; } = [];
        public string CommandTag { get; private set; } = "";
        public PgException? Error { get; private set; }

        public static bool Handle(QueryState state, byte type, ReadOnlySequence<byte> body)
        {
            var reader = new SequenceReader<byte>(body);
            switch (type)
            {
                case (byte)'T': // RowDescription: a new result set begins
                    short count = PgBackendReader.ReadInt16(ref reader);
                    var fields = new List<PgField>(count);
                    for (int i = 0; i < count; i++)
                    {
                        string name = PgBackendReader.ReadCString(ref reader);
                        reader.Advance(4 + 2); // table OID, column number
                        uint typeOid = (uint)PgBackendReader.ReadInt32(ref reader);
                        reader.Advance(2 + 4 + 2); // type size, type modifier, format code
                        fields.Add(new PgField(name, typeOid));
                    }

                    state.Fields = fields;
                    state.Rows = [];
                    return false;
                case (byte)'D': // DataRow
                    short columns = PgBackendReader.ReadInt16(ref reader);
                    string?[] row = new string?[columns];
                    for (int i = 0; i < columns; i++)
                    {
                        int length = PgBackendReader.ReadInt32(ref reader);
                        row[i] = length < 0 ? null : PgBackendReader.ReadString(ref reader, length);
                    }

                    state.Rows.Add(row);
                    return false;
                case (byte)'C': // CommandComplete
                    state.CommandTag = PgBackendReader.ReadCString(ref reader);
                    return false;
                case (byte)'E':
                    state.Error = PgBackendReader.ReadError(body);
                    return false; // ReadyForQuery still follows
                case (byte)'Z':
                    return true;
                default:
                    return false; // EmptyQueryResponse, NoticeResponse, ParameterStatus, NotificationResponse
            }
        }
    }
}
