using System.Buffers;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>The client's messages after login: what is forwarded, rewritten, or answered by the pooler.</summary>
internal sealed partial class ClientSession
{
    private const string UnnamedAcrossTransactions =
        "Hyperdrive runs in transaction mode: the unnamed prepared statement must be bound in the same transaction that parsed it.";

    private async ValueTask<bool> HandleAsync(PgFrame frame, CancellationToken cancellationToken)
    {
        if (frame.Type == PgFrontend.Terminate)
        {
            return false;
        }

        if (await TryDeferAsync(frame, cancellationToken).ConfigureAwait(false) is { } keepGoing)
        {
            return keepGoing; // held back for the cache, or answered by it
        }

        return await DispatchAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<bool> DispatchAsync(PgFrame frame, CancellationToken cancellationToken)
    {
        if (_skipUntilSync && frame.Type != PgFrontend.Sync)
        {
            return true; // as PostgreSQL does after an error in the extended protocol
        }

        try
        {
            switch (frame.Type)
            {
                case PgFrontend.Query:
                case PgFrontend.FunctionCall:
                    await ForwardQueryAsync(frame, cancellationToken).ConfigureAwait(false);
                    return true;
                case PgFrontend.Parse:
                    await ParseAsync(frame, cancellationToken).ConfigureAwait(false);
                    return true;
                case PgFrontend.Bind:
                    await BindOrDescribeAsync(frame, ExpectedReply.Bind, cancellationToken).ConfigureAwait(false);
                    return true;
                case PgFrontend.Describe:
                    await BindOrDescribeAsync(frame, ExpectedReply.Describe, cancellationToken).ConfigureAwait(false);
                    return true;
                case PgFrontend.Execute:
                    await ForwardExtendedAsync(frame, ExpectedReply.Execute, cancellationToken).ConfigureAwait(false);
                    return true;
                case PgFrontend.Close:
                    await CloseAsync(frame, cancellationToken).ConfigureAwait(false);
                    return true;
                case PgFrontend.Sync:
                    Sync(frame);
                    return true;
                case PgFrontend.Flush:
                case PgFrontend.CopyData:
                case PgFrontend.CopyDone:
                case PgFrontend.CopyFail:
                    ForwardIfLeased(frame);
                    return true;
                default:
                    return await RejectAsync(PgSqlState.ProtocolViolation, $"invalid frontend message type {frame.Type}").ConfigureAwait(false);
            }
        }
        catch (OriginUnavailableException e)
        {
            // No lease was taken, so the reader answers: the client may retry, and the pool recovers by itself.
            PgMessageWriter.WriteError(LocalOutput(), "ERROR", e.SqlState, e.Message);
            if (frame.Type is PgFrontend.Query or PgFrontend.FunctionCall)
            {
                PgMessageWriter.WriteReadyForQuery(LocalOutput(), PgTransactionStatus.Idle);
            }
            else
            {
                _skipUntilSync = true;
            }

            return true;
        }
    }

    private async ValueTask ForwardQueryAsync(PgFrame frame, CancellationToken cancellationToken)
    {
        if (frame.Type == PgFrontend.Query && await TryAnswerFromCacheAsync(frame, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var lease = await LeaseForWriteAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            lease.PendingReadyForQuery++;
            lease.Expected.Enqueue(new Expectation(ExpectedReply.Query));
            lease.Dirty |= SessionStateDetector.MentionsUntaggedSessionState(frame.Body);
        }

        PgMessageWriter.WriteFrame(lease.Connection.Writer, frame.Frame);
    }

    private async ValueTask ForwardExtendedAsync(PgFrame frame, ExpectedReply reply, CancellationToken cancellationToken)
    {
        var lease = await LeaseForWriteAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            lease.Unsynced = true;
            lease.Expected.Enqueue(new Expectation(reply));
        }

        PgMessageWriter.WriteFrame(lease.Connection.Writer, frame.Frame);
    }

    private void ForwardIfLeased(PgFrame frame)
    {
        OriginLease? lease;
        lock (_gate)
        {
            lease = _lease;
        }

        if (lease is not null)
        {
            PgMessageWriter.WriteFrame(lease.Connection.Writer, frame.Frame);
        }
        else if (frame.Type == PgFrontend.Flush)
        {
            _localWrites = true; // nothing is owed; flushing what the reader wrote is all Flush asks
        }
    }

    private void Sync(PgFrame frame)
    {
        _skipUntilSync = false;
        OriginLease? lease;
        lock (_gate)
        {
            lease = _lease;
            if (lease is { CopyIn: true })
            {
                return; // PostgreSQL ignores Sync during COPY FROM STDIN: no ReadyForQuery will answer it
            }

            if (lease is not null)
            {
                lease.Unsynced = false;
                lease.PendingReadyForQuery++;
                lease.Expected.Enqueue(new Expectation(ExpectedReply.Sync));
            }
        }

        if (lease is null)
        {
            // Nothing in flight and no transaction open: the answer needs no origin connection.
            PgMessageWriter.WriteReadyForQuery(LocalOutput(), PgTransactionStatus.Idle);
            return;
        }

        PgMessageWriter.WriteFrame(lease.Connection.Writer, frame.Frame);
    }

    private async ValueTask ParseAsync(PgFrame frame, CancellationToken cancellationToken)
    {
        var reader = new SequenceReader<byte>(frame.Body);
        if (!PgMessageParser.TryReadCString(ref reader, out var name))
        {
            await RejectAsync(PgSqlState.ProtocolViolation, "invalid Parse message").ConfigureAwait(false);
            _closing = true;
            return;
        }

        var definition = frame.Body.Slice(reader.Position);
        var lease = await LeaseForWriteAsync(cancellationToken).ConfigureAwait(false);
        if (name.IsEmpty)
        {
            lock (_gate)
            {
                lease.Unsynced = true;
                lease.UnnamedStatementParsed = true;
                lease.Expected.Enqueue(new Expectation(ExpectedReply.Parse));
                lease.Dirty |= SessionStateDetector.MentionsUntaggedSessionState(definition);
            }

            PgMessageWriter.WriteFrame(lease.Connection.Writer, frame.Frame);
            return;
        }

        string clientName = PgMessageParser.Decode(name);
        var statement = _pool.Statements.GetOrAdd(definition.IsSingleSegment ? definition.FirstSpan : definition.ToArray());
        bool send;
        lock (_gate)
        {
            if (_statements.ContainsKey(clientName))
            {
                FailUntilSync(lease, PgSqlState.DuplicatePreparedStatement, $"prepared statement \"{clientName}\" already exists");
                return;
            }

            // Recorded now, undone if the origin refuses it: later messages in the same pipeline may use it.
            _statements[clientName] = statement;
            send = lease.Connection.PreparedStatements.Add(statement.Id);
            lease.Unsynced = true;
            lease.Dirty |= SessionStateDetector.MentionsUntaggedSessionState(definition);
            lease.Expected.Enqueue(send
                ? new Expectation(ExpectedReply.Parse, statement, clientName)
                : new Expectation(ExpectedReply.SyntheticParseComplete));
        }

        if (send)
        {
            PgMessageWriter.WriteWithName(lease.Connection.Writer, PgFrontend.Parse, ReadOnlySequence<byte>.Empty, statement.OriginName, definition);
        }
        else
        {
            lease.Connection.Reader.CancelPendingRead();
        }
    }

    /// <summary>Bind and Describe name a statement: swap in its origin name, and prepare it first where it is missing.</summary>
    private async ValueTask BindOrDescribeAsync(PgFrame frame, ExpectedReply reply, CancellationToken cancellationToken)
    {
        var reader = new SequenceReader<byte>(frame.Body);
        ReadOnlySequence<byte> prefix;
        ReadOnlySequence<byte> name;
        if (reply == ExpectedReply.Bind)
        {
            // Bind: portal name, then statement name.
            if (!PgMessageParser.TryReadCString(ref reader, out _) || !PgMessageParser.TryReadCString(ref reader, out name))
            {
                await RejectAsync(PgSqlState.ProtocolViolation, "invalid Bind message").ConfigureAwait(false);
                _closing = true;
                return;
            }
        }
        else if (!reader.TryRead(out byte kind) || !PgMessageParser.TryReadCString(ref reader, out name) || kind is not ((byte)'S' or (byte)'P'))
        {
            await RejectAsync(PgSqlState.ProtocolViolation, "invalid Describe message").ConfigureAwait(false);
            _closing = true;
            return;
        }
        else if (kind == (byte)'P')
        {
            await ForwardExtendedAsync(frame, reply, cancellationToken).ConfigureAwait(false);
            return;
        }

        prefix = frame.Body.Slice(0, reader.Consumed - name.Length - 1);
        var rest = frame.Body.Slice(reader.Position);
        var lease = await LeaseForWriteAsync(cancellationToken).ConfigureAwait(false);
        PreparedStatement? statement = null;
        bool inject;
        lock (_gate)
        {
            lease.Unsynced = true;
            if (name.IsEmpty)
            {
                if (!lease.UnnamedStatementParsed)
                {
                    FailUntilSync(lease, PgSqlState.FeatureNotSupported, UnnamedAcrossTransactions);
                    return;
                }

                inject = false;
            }
            else
            {
                // An unknown name goes through unchanged: the origin answers 26000 with the client's own name.
                statement = Lookup(name);
                inject = statement is not null && lease.Connection.PreparedStatements.Add(statement.Id);
                if (inject)
                {
                    lease.Expected.Enqueue(new Expectation(ExpectedReply.InjectedParse, statement));
                }
            }

            lease.Expected.Enqueue(new Expectation(reply));
        }

        var writer = lease.Connection.Writer;
        if (statement is null)
        {
            PgMessageWriter.WriteFrame(writer, frame.Frame);
            return;
        }

        if (inject)
        {
            PgMessageWriter.WriteWithName(writer, PgFrontend.Parse, ReadOnlySequence<byte>.Empty, statement.OriginName, new ReadOnlySequence<byte>(statement.Definition));
        }

        PgMessageWriter.WriteWithName(writer, frame.Type, prefix, statement.OriginName, rest);
    }

    private async ValueTask CloseAsync(PgFrame frame, CancellationToken cancellationToken)
    {
        var reader = new SequenceReader<byte>(frame.Body);
        if (!reader.TryRead(out byte kind) || !PgMessageParser.TryReadCString(ref reader, out var name) || kind is not ((byte)'S' or (byte)'P'))
        {
            await RejectAsync(PgSqlState.ProtocolViolation, "invalid Close message").ConfigureAwait(false);
            _closing = true;
            return;
        }

        if (kind == (byte)'P')
        {
            await ForwardExtendedAsync(frame, ExpectedReply.Close, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Statements stay prepared on origin connections for whoever prepares the same text; only the client's name goes.
        OriginLease? lease;
        lock (_gate)
        {
            _statements.Remove(PgMessageParser.Decode(name));
            lease = _lease;
            lease?.Expected.Enqueue(new Expectation(ExpectedReply.SyntheticCloseComplete));
        }

        if (lease is null)
        {
            PgMessageWriter.WriteEmpty(LocalOutput(), PgBackend.CloseComplete);
        }
        else
        {
            lease.Connection.Reader.CancelPendingRead();
        }
    }

    /// <summary>Answers an error in order, then skips the client's messages until Sync, as PostgreSQL does.</summary>
    private void FailUntilSync(OriginLease lease, string sqlState, string message)
    {
        lease.Expected.Enqueue(new Expectation(ExpectedReply.SyntheticError, SqlState: sqlState, Message: message));
        _skipUntilSync = true;
        lease.Connection.Reader.CancelPendingRead();
    }

    private PreparedStatement? Lookup(in ReadOnlySequence<byte> name)
    {
        Span<char> chars = stackalloc char[256];
        if (name.Length <= 256 && name.IsSingleSegment && Encoding.UTF8.TryGetChars(name.FirstSpan, chars, out int written))
        {
            return _statements.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..written], out var found) ? found : null;
        }

        return _statements.GetValueOrDefault(PgMessageParser.Decode(name));
    }
}
