using System.Buffers;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Cache;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// The query cache's hooks: a simple query, or an extended-protocol exchange up to its Sync, sent while no transaction
/// is open may be answered by the cache.
/// </summary>
internal sealed partial class ClientSession
{
    private DeferredExtendedQuery? _deferred;

    private async ValueTask<bool> TryAnswerFromCacheAsync(PgFrame frame, CancellationToken cancellationToken)
    {
        if (_pool.Cache is not { } cache || Leased())
        {
            return false; // a lease means a transaction is open or replies are still owed (a pipeline): the origin must answer, in order
        }

        var body = frame.Body.ToArray();
        if (body.Length == 0 || body[^1] != 0)
        {
            return false; // malformed: the origin's answer to it is the right one
        }

        string sql;
        try
        {
            sql = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body, 0, body.Length - 1);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // The reader owns the client's output while no lease is held; what the cache writes is flushed with the batch.
        bool answered = await cache.TryAnswerAsync(CacheRequest.Simple(sql, body), Output, cancellationToken).ConfigureAwait(false);
        _localWrites |= answered;
        return answered;
    }

    /// <summary>
    /// Holds back extended-protocol messages that may make a cacheable exchange, and at their Sync asks the cache. Null
    /// when the message is for the ordinary path (after whatever was held, sent the ordinary way first); otherwise
    /// whether the session goes on.
    /// </summary>
    private async ValueTask<bool?> TryDeferAsync(PgFrame frame, CancellationToken cancellationToken)
    {
        if (_deferred is null)
        {
            if (_pool.Cache is null || frame.Type is not (PgFrontend.Parse or PgFrontend.Bind) || _skipUntilSync || Leased())
            {
                return null;
            }

            var started = new DeferredExtendedQuery();
            if (!started.TryAdd(frame, name => Lookup(name)))
            {
                return null;
            }

            _deferred = started;
            return true;
        }

        if (frame.Type != PgFrontend.Sync)
        {
            return _deferred.TryAdd(frame, name => Lookup(name)) ? true : await ReleaseDeferredAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_deferred.ToRequest() is not { } request)
        {
            return await ReleaseDeferredAsync(cancellationToken).ConfigureAwait(false);
        }

        bool answered;
        try
        {
            answered = await _pool.Cache!.TryAnswerAsync(request, Output, cancellationToken).ConfigureAwait(false);
        }
        catch (OriginUnavailableException e)
        {
            // As the ordinary path would have answered the exchange's first message, then its Sync.
            _deferred = null;
            PgMessageWriter.WriteError(LocalOutput(), "ERROR", e.SqlState, e.Message);
            PgMessageWriter.WriteReadyForQuery(LocalOutput(), PgTransactionStatus.Idle);
            return true;
        }

        if (!answered)
        {
            return await ReleaseDeferredAsync(cancellationToken).ConfigureAwait(false);
        }

        _deferred = null;
        _localWrites = true;
        return true;
    }

    /// <summary>Sends the held messages the ordinary way, in order; null (the current message follows them) unless the session ends.</summary>
    private async ValueTask<bool?> ReleaseDeferredAsync(CancellationToken cancellationToken)
    {
        var held = _deferred!.Frames;
        _deferred = null;
        foreach (var bytes in held)
        {
            var frame = new PgFrame(bytes[0], new ReadOnlySequence<byte>(bytes), new ReadOnlySequence<byte>(bytes, 5, bytes.Length - 5));
            if (!await DispatchAsync(frame, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return null;
    }

    private bool Leased()
    {
        lock (_gate)
        {
            return _lease is not null;
        }
    }
}
