using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>Startup, answered by the pooler itself: no origin round trip unless the origin's parameters are not yet known.</summary>
internal sealed partial class ClientSession
{
    private const int MaxStartupMessage = 10_000; // PostgreSQL's own limit for startup packets

    private async Task<bool> StartupAsync(CancellationToken cancellationToken)
    {
        StartupParameters? parameters = null;
        while (parameters is null)
        {
            var message = await ReadStartupPhaseAsync(typed: false, cancellationToken).ConfigureAwait(false);
            if (message is not { Length: >= 4 } body)
            {
                return false;
            }

            int code = BinaryPrimitives.ReadInt32BigEndian(body);
            switch (code)
            {
                case PgFrontend.SslRequestCode or PgFrontend.GssEncRequestCode when body.Length == 4:
                    // Nothing crosses a wire between the client and the pooler that TLS would protect.
                    Output.GetSpan(1)[0] = (byte)'N';
                    Output.Advance(1);
                    await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                case PgFrontend.CancelRequestCode:
                    // Answered with nothing, as PostgreSQL does: the connection closes once the cancel is dealt with.
                    await CancelForRequestAsync(body, cancellationToken).ConfigureAwait(false);
                    return false;
                case var version when version >> 16 == 3:
                    if (!StartupParameters.TryParse(body.AsSpan(4), out var parsed))
                    {
                        return await RejectAsync(PgSqlState.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte");
                    }

                    parameters = parsed;

                    if ((version & 0xFFFF) != 0)
                    {
                        PgMessageWriter.WriteNegotiateProtocolVersion(Output, 0, []);
                    }

                    break;
                default:
                    return await RejectAsync(PgSqlState.FeatureNotSupported, $"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}: server supports 3.0");
            }
        }

        var login = parameters.Value;
        if (login.User.Length == 0)
        {
            return await RejectAsync(PgSqlState.InvalidAuthorization, "no PostgreSQL user name specified in startup packet");
        }

        State = ClientSessionState.Authenticating;
        bool? authenticated;
        if (_transport == HyperdriveClientTransport.InProcess)
        {
            // In this method rather than one of its own: the read waits for the client, and each async method that
            // waits is one more state machine allocated per login (P7).
            RequestCleartextPassword();
            await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            var response = await ReadStartupPhaseAsync(typed: true, cancellationToken).ConfigureAwait(false);
            authenticated = response is null ? null : CheckCleartextPassword(response);
            if (response is not null && authenticated is null)
            {
                await RejectAsync(PgSqlState.ProtocolViolation, "invalid password packet: expected one null-terminated password").ConfigureAwait(false);
            }
        }
        else
        {
            authenticated = await RunScramAsync(cancellationToken).ConfigureAwait(false);
        }

        return authenticated is null
            ? false // a protocol violation, already answered
            : await CompleteLogInAsync(login, authenticated.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After the password check: the user and database, then the login reply. Waits only the first time the pool ever connects.</summary>
    private async Task<bool> CompleteLogInAsync(StartupParameters parameters, bool authenticated, CancellationToken cancellationToken)
    {
        var credentials = _pool.Credentials;
        string user = parameters.User;
        string database = parameters.Database is { Length: > 0 } named ? named : user;

        if (!authenticated || user != credentials.User)
        {
            return await RejectAsync(PgSqlState.InvalidPassword, $"password authentication failed for user \"{user}\"");
        }

        if (database != credentials.Database)
        {
            return await RejectAsync(PgSqlState.UnknownDatabase, $"database \"{database}\" does not exist");
        }

        StartupReply reply;
        try
        {
            reply = _pool.StartupReplyFor(await _pool.Origins.GetParameterStatusesAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OriginUnavailableException e)
        {
            return await RejectAsync(e.SqlState, e.Message);
        }

        if (parameters.Others is { } others && RefusedParameter(others, reply.ParameterStatuses) is { } refused)
        {
            return await RejectAsync(PgSqlState.FeatureNotSupported,
                $"Hyperdrive runs in transaction mode and cannot keep the startup parameter \"{refused}\" for a session; set it per transaction with SET LOCAL.");
        }

        // Synthetic: no origin backend belongs to this client. A CancelRequest naming this key reaches whichever origin
        // connection the session holds at that moment (ClientSession.Cancel.cs).
        reply.WriteTo(Output, RegisterCancelKey());
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Reads one startup-phase message (untyped, or a typed PasswordMessage); null at end of stream or on a bad frame.</summary>
    private async Task<byte[]?> ReadStartupPhaseAsync(bool typed, CancellationToken cancellationToken)
    {
        var input = _client.Input;
        while (true)
        {
            // The parsing is kept out of this method, so that its state (boxed at every wait for the client) stays small.
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var status = TakeStartupPhase(input, result, typed, out byte type, out byte[]? body);
            if (status == PgFrameStatus.Complete)
            {
                if (body is null)
                {
                    await RejectAsync(PgSqlState.ProtocolViolation, $"expected password response, got message type {type}").ConfigureAwait(false);
                }

                return body;
            }

            if (status == PgFrameStatus.Invalid)
            {
                await RejectAsync(PgSqlState.ProtocolViolation, "invalid length of startup packet").ConfigureAwait(false);
                return null;
            }

            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Takes one startup-phase message from what was read, if it is all there, and gives the buffer back.</summary>
    private static PgFrameStatus TakeStartupPhase(PipeReader input, in ReadResult result, bool typed, out byte type, out byte[]? body)
    {
        var buffer = result.Buffer;
        var status = typed
            ? PgFrameReader.TryRead(ref buffer, MaxStartupMessage, out var frame)
            : PgFrameReader.TryReadStartup(ref buffer, MaxStartupMessage, out frame);
        if (status == PgFrameStatus.Complete)
        {
            type = frame.Type;
            body = frame.Type is 0 or PgFrontend.PasswordMessage ? frame.Body.ToArray() : null;
            input.AdvanceTo(buffer.Start);
            return status;
        }

        type = 0;
        body = null;
        input.AdvanceTo(buffer.Start, buffer.End);
        return status;
    }

    /// <summary>A startup parameter that would change results, unless the origin already has that value.</summary>
    private static string? RefusedParameter(List<KeyValuePair<string, string>> parameters, IReadOnlyList<byte[]> statuses)
    {
        foreach (var (name, value) in parameters)
        {
            bool sameAsOrigin = statuses.Any(status =>
            {
                var text = Encoding.UTF8.GetString(status).Split('\0');
                return text.Length >= 2 && string.Equals(text[0], name, StringComparison.OrdinalIgnoreCase) && string.Equals(text[1], value, StringComparison.OrdinalIgnoreCase);
            });
            if (!sameAsOrigin)
            {
                return name;
            }
        }

        return null;
    }
}
