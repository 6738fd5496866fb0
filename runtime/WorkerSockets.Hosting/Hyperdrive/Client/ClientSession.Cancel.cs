using System.Buffers.Binary;
using WorkerSockets.Hosting.Hyperdrive.Origin;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// CancelRequest in transaction mode, as PgBouncer does it: the client's key is synthetic and names a session, not a
/// backend; the cancel goes to the origin backend that session holds at that moment, if it is running a query.
/// </summary>
/// <remarks>
/// The race PostgreSQL itself has (the query ends just before the signal arrives) is kept as small as it can be, and never
/// reaches another client: the cancel connection to the origin is opened first, then, under the session's gate, the
/// pooler checks that the same lease still runs a query and holds the lease open (<see cref="OriginLease.CancelsInFlight"/>)
/// until the postmaster has closed the cancel connection, which it does only after signalling the backend. A query that
/// ends meanwhile leaves its connection idle, where PostgreSQL ignores a cancel; it cannot go to the next client first.
/// </remarks>
internal sealed partial class ClientSession
{
    private BackendKey? _cancelKey;

    /// <summary>Gives this session its cancel key, for the BackendKeyData of its startup.</summary>
    private BackendKey RegisterCancelKey()
    {
        var key = _pool.Cancels.Register(this);
        _cancelKey = key;
        return key;
    }

    private void UnregisterCancelKey()
    {
        if (_cancelKey is { } key)
        {
            _pool.Cancels.Unregister(key.ProcessId, this);
        }
    }

    /// <summary>Handles a CancelRequest (its body: code, process id, secret); the caller then closes the connection without a reply.</summary>
    private async Task CancelForRequestAsync(byte[] body, CancellationToken cancellationToken)
    {
        if (body.Length != 12)
        {
            HyperdriveLog.ClientRejected(_logger, "a CancelRequest of the wrong length");
            return;
        }

        var target = _pool.Cancels.Find(BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(4)), BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(8)));
        if (target is null)
        {
            HyperdriveLog.ClientRejected(_logger, "a CancelRequest that names no live session");
            return;
        }

        await target.CancelRunningQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the query this session runs on its origin connection now, if any; otherwise does nothing.</summary>
    private async Task CancelRunningQueryAsync(CancellationToken cancellationToken)
    {
        OriginLease? lease;
        lock (_gate)
        {
            lease = RunningLease();
        }

        if (lease?.Connection.BackendKey is not { } originKey)
        {
            return; // idle between transactions, or idle inside one: PostgreSQL would ignore this cancel too
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_pool.Options.ConnectTimeout);
        try
        {
            await using var channel = await _pool.Origins.ConnectForCancelAsync(deadline.Token).ConfigureAwait(false);
            lock (_gate)
            {
                if (!ReferenceEquals(RunningLease(), lease))
                {
                    return; // the query ended while the cancel connection opened
                }

                lease.CancelsInFlight++;
            }

            try
            {
                await channel.SendAsync(originKey, deadline.Token).ConfigureAwait(false);
                HyperdriveLog.QueryCancelSent(_logger, originKey.ProcessId);
            }
            finally
            {
                ReleaseCancelHold(lease);
            }
        }
        catch (Exception e) when (e is OriginException or OperationCanceledException)
        {
            HyperdriveLog.QueryCancelFailed(_logger, e);
        }
    }

    /// <summary>The lease, when it is this session's and the origin owes it a reply: a query may be running.</summary>
    private OriginLease? RunningLease()
        => _lease is { Ended: false, Failed: false } lease && (lease.PendingReadyForQuery > 0 || lease.Unsynced) ? lease : null;

    private void ReleaseCancelHold(OriginLease lease)
    {
        bool wake;
        lock (_gate)
        {
            lease.CancelsInFlight--;
            wake = lease.CanEnd && !lease.Abort.IsCancellationRequested;
        }

        // The pump may have seen the query's ReadyForQuery while the hold kept the lease open: it must look again.
        if (wake)
        {
            lease.Connection.Reader.CancelPendingRead();
        }
    }
}
