using System.Buffers;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>The origin-to-client half of a lease: forwards replies in order, tracks the transaction, ends the lease.</summary>
internal sealed partial class ClientSession
{
    private async Task PumpAsync(OriginLease lease)
    {
        // Started on the reader's thread: it runs only up to its first read of the origin, which nothing has answered yet,
        // so the reader goes on writing the transaction's first messages without a thread-pool hop in between.
        var origin = lease.Connection.Reader;
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    WriteSyntheticReplies(lease);
                    if (lease.CanEnd)
                    {
                        // Ends at ReadyForQuery, before the client is handed the reply: over inline pipes the client's
                        // handler runs inside that flush (its response, its Terminate), and the origin connection owes
                        // nothing more, so it must not stay leased meanwhile. The reader waits for this pump before it
                        // writes to the client again (AwaitEndingPumpAsync).
                        lease.Ended = true;
                        _lease = null;
                        State = ClientSessionState.Idle;
                        break;
                    }
                }

                await FlushClientAsync(lease).ConfigureAwait(false);
                var result = await origin.ReadAsync(lease.Abort.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (PgFrameReader.TryRead(ref buffer, int.MaxValue, out var frame) is var status && status != PgFrameStatus.Incomplete)
                {
                    if (status == PgFrameStatus.Invalid)
                    {
                        throw new OriginException("The origin sent a malformed message.");
                    }

                    bool forward;
                    lock (_gate)
                    {
                        // A reply the pooler owes may have been queued while this read was already under way: it
                        // comes before anything the origin sends now.
                        WriteSyntheticReplies(lease);
                        forward = Track(lease, frame);
                    }

                    if (forward && !_clientGone.IsCancellationRequested)
                    {
                        PgMessageWriter.WriteFrame(Output, frame.Frame);
                    }

                    lock (_gate)
                    {
                        WriteSyntheticReplies(lease);
                    }
                }

                origin.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new OriginException("The origin closed the connection.");
                }
            }
        }
        catch (Exception e)
        {
            // Whatever went wrong, the connection's state is unknown: it is closed, and the client told.
            await FailLeaseAsync(lease, e).ConfigureAwait(false);
            return;
        }

        if (lease.Status == PgTransactionStatus.Idle && !lease.Dirty)
        {
            // Clean: the connection goes back first, so the next request can have it while this reply is delivered.
            await _pool.Origins.ReturnAsync(lease.Connection, reusable: true).ConfigureAwait(false);
            await FlushClientAsync(lease).ConfigureAwait(false);
            return;
        }

        // To be cleaned: the client gets its reply first, then the pool pays for the ROLLBACK or DISCARD ALL.
        await FlushClientAsync(lease).ConfigureAwait(false);
        await EndLeaseAsync(lease).ConfigureAwait(false);
    }

    /// <summary>Follows one origin message through the reply queue; false when it is the pooler's own and not forwarded.</summary>
    private bool Track(OriginLease lease, in PgFrame frame)
    {
        var expected = lease.Expected;
        switch (frame.Type)
        {
            case PgBackend.ReadyForQuery:
                Pop(lease, ExpectedReply.Query, ExpectedReply.Sync);
                lease.PendingReadyForQuery--;
                lease.CopyIn = false;
                lease.Status = (PgTransactionStatus)frame.Body.FirstSpan[0];
                return true;
            case PgBackend.ErrorResponse:
                lease.CopyIn = false;
                if (expected.TryPeek(out var head) && head.Kind is not (ExpectedReply.Query or ExpectedReply.Sync))
                {
                    // The origin skips everything up to Sync after an extended-protocol error; so does the queue.
                    Undo(lease, expected.Dequeue());
                    while (expected.TryPeek(out var next) && next.Kind != ExpectedReply.Sync)
                    {
                        Undo(lease, expected.Dequeue());
                    }
                }

                return true;
            case PgBackend.ParseComplete:
                return Pop(lease, ExpectedReply.Parse, ExpectedReply.InjectedParse).Kind == ExpectedReply.Parse;
            case PgBackend.BindComplete:
                Pop(lease, ExpectedReply.Bind);
                return true;
            case PgBackend.CloseComplete:
                Pop(lease, ExpectedReply.Close);
                return true;
            case PgBackend.NoData:
                Pop(lease, ExpectedReply.Describe);
                return true;
            case PgBackend.RowDescription:
                if (expected.TryPeek(out var describing) && describing.Kind == ExpectedReply.Describe)
                {
                    expected.Dequeue();
                }

                return true;
            case PgBackend.CommandComplete:
                TrackCommand(lease, frame.Body);
                if (expected.TryPeek(out var executing) && executing.Kind == ExpectedReply.Execute)
                {
                    expected.Dequeue();
                }

                return true;
            case PgBackend.EmptyQueryResponse:
            case PgBackend.PortalSuspended:
                if (expected.TryPeek(out var running) && running.Kind == ExpectedReply.Execute)
                {
                    expected.Dequeue();
                }

                return true;
            case PgBackend.CopyInResponse:
                lease.CopyIn = true;
                return true;
            default:
                return true;
        }
    }

    private static Expectation Pop(OriginLease lease, ExpectedReply kind, ExpectedReply orKind = (ExpectedReply)255)
    {
        if (!lease.Expected.TryPeek(out var head) || (head.Kind != kind && head.Kind != orKind))
        {
            throw new OriginException($"The origin's replies no longer match the client's requests (got a reply to {kind}; owed: {string.Join(", ", lease.Expected.Select(e => e.Kind))}).");
        }

        return lease.Expected.Dequeue();
    }

    /// <summary>A message the origin skipped or refused: forget what was recorded for it when it was sent.</summary>
    private void Undo(OriginLease lease, Expectation skipped)
    {
        if (skipped.Kind == ExpectedReply.Query)
        {
            lease.PendingReadyForQuery--; // a Query inside a failed pipeline is skipped too: no ReadyForQuery comes for it
        }

        if (skipped.Kind is ExpectedReply.Parse or ExpectedReply.InjectedParse && skipped.Statement is { } statement)
        {
            lease.Connection.PreparedStatements.Remove(statement.Id);
            if (skipped.ClientName is { } name && _statements.TryGetValue(name, out var current) && current == statement)
            {
                _statements.Remove(name);
            }
        }
    }

    private static void TrackCommand(OriginLease lease, in ReadOnlySequence<byte> body)
    {
        if (SessionStateDetector.IsSessionTag(body))
        {
            lease.Dirty = true;
        }

        var tag = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        if (OriginConnection.IsResetTag(tag) || tag.StartsWith("DEALLOCATE"u8))
        {
            // The client's own DISCARD ALL or DEALLOCATE dropped statements the pool had prepared here.
            lease.Connection.PreparedStatements.Clear();
        }
    }

    /// <summary>Writes the replies the pooler owes itself, once everything before them in the queue has been forwarded.</summary>
    private void WriteSyntheticReplies(OriginLease lease)
    {
        while (lease.Expected.TryPeek(out var head))
        {
            switch (head.Kind)
            {
                case ExpectedReply.SyntheticParseComplete:
                    WriteToClient(PgBackend.ParseComplete);
                    break;
                case ExpectedReply.SyntheticCloseComplete:
                    WriteToClient(PgBackend.CloseComplete);
                    break;
                case ExpectedReply.SyntheticError:
                    if (!_clientGone.IsCancellationRequested)
                    {
                        PgMessageWriter.WriteError(Output, "ERROR", head.SqlState!, head.Message!);
                    }

                    break;
                default:
                    return;
            }

            lease.Expected.Dequeue();
        }
    }

    private void WriteToClient(byte emptyMessageType)
    {
        if (!_clientGone.IsCancellationRequested)
        {
            PgMessageWriter.WriteEmpty(Output, emptyMessageType);
        }
    }

    private async ValueTask FlushClientAsync(OriginLease lease)
    {
        if (_clientGone.IsCancellationRequested || Output.UnflushedBytes == 0)
        {
            return;
        }

        try
        {
            var flushed = await Output.FlushAsync(_clientGone.Token).ConfigureAwait(false);
            if (flushed.IsCompleted)
            {
                MarkClientGone(lease);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            MarkClientGone(lease);
        }
    }

    private void MarkClientGone(OriginLease lease)
    {
        lock (_gate)
        {
            lease.ClientGone = true;
        }
    }

    /// <summary>The transaction is over: clean the connection if needed and give it back to the pool.</summary>
    private async Task EndLeaseAsync(OriginLease lease)
    {
        bool reusable = (lease.Status == PgTransactionStatus.Idle && !lease.Dirty) || await ResetAsync(lease).ConfigureAwait(false);

        await _pool.Origins.ReturnAsync(lease.Connection, reusable).ConfigureAwait(false);
    }

    /// <summary>Rolls back and discards what the transaction left; false when the connection cannot be reused.</summary>
    private async Task<bool> ResetAsync(OriginLease lease)
    {
        try
        {
            // Only a lease that needs cleaning pays for the deadline's timer: the common one ends idle and clean.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(lease.Abort.Token);
            deadline.CancelAfter(_pool.Options.ResetTimeout);
            var status = lease.Status;
            if (status != PgTransactionStatus.Idle)
            {
                status = await lease.Connection.RunInternalAsync("ROLLBACK", deadline.Token).ConfigureAwait(false);
            }

            if (lease.Dirty)
            {
                status = await lease.Connection.RunInternalAsync("DISCARD ALL", deadline.Token).ConfigureAwait(false);
            }

            return status == PgTransactionStatus.Idle;
        }
        catch (Exception e) when (e is OriginException or IOException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            HyperdriveLog.ResetFailed(_logger, e);
            return false;
        }
    }

    /// <summary>The origin connection broke mid-lease: tell the client (its transaction is lost) and end its session.</summary>
    private async Task FailLeaseAsync(OriginLease lease, Exception failure)
    {
        HyperdriveLog.OriginConnectionLost(_logger, failure);
        lease.Connection.State = OriginConnectionState.Broken;
        lock (_gate)
        {
            lease.Failed = true;
        }

        _closing = true;
        if (!_clientGone.IsCancellationRequested && !lease.ClientGone)
        {
            PgMessageWriter.WriteError(Output, "FATAL", PgSqlState.ConnectionFailure,
                "Hyperdrive lost the connection to the origin database during the transaction; it was rolled back.");
            await FlushClientAsync(lease).ConfigureAwait(false);
        }

        // The reader may be waiting for the client; it ends the session and gives the broken connection back.
        _client.Input.CancelPendingRead();
    }
}
