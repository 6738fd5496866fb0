using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Cache;

/// <summary>What a cache entry is found under: the pool's origin database and user, the statement text and the rest of the request.</summary>
internal readonly record struct QueryCacheKey(string Database, string User, string Text, string Shape);

/// <summary>An origin's reply to one request (up to, not including, ReadyForQuery), byte for byte, and when it was asked.</summary>
internal sealed record CachedReply(byte[] Messages, DateTimeOffset AskedAt);

/// <summary>
/// What one origin query for a key brought back, for the clients that waited on it: the whole reply (errors included),
/// or null when it was over the size limit and was only streamed to the client that asked.
/// </summary>
internal sealed record FillResult(byte[]? Messages);

/// <summary>
/// One pool's cache of read-only query results. A cacheable request is answered from a fresh entry, or from a stale
/// one (within <c>stale_while_revalidate</c>) while one background query refreshes it, or else sent to the origin on a
/// connection of its own, outside any lease. At most one such origin query (a fill) runs per key: requests that miss
/// meanwhile wait for it and are answered with its reply, whether or not it could be stored.
/// </summary>
internal sealed partial class QueryCache : IDisposable
{
    private readonly OriginPool _origins;
    private readonly QueryCacheOptions _options;
    private readonly string _database;
    private readonly string _user;
    private readonly ILogger _logger;
    private readonly MemoryCache _entries;

    // Guarded by itself. A fill is registered here before its origin query starts and removed only after its reply was
    // stored, so a request checking the entries and then this table under the lock sees one or the other: never a gap
    // in which it would start a second origin query for the same key.
    private readonly Dictionary<QueryCacheKey, Task<FillResult>> _fills = new();
    private readonly ConcurrentDictionary<QueryCacheKey, bool> _refreshing = new();
    private readonly CancellationTokenSource _disposed = new();
    private Task<FunctionCatalog>? _catalog;

    public QueryCache(OriginPool origins, QueryCacheOptions options, string database, string user, ILogger logger)
    {
        _origins = origins;
        _options = options;
        _database = database;
        _user = user;
        _logger = logger;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.SizeLimit });
    }

    /// <summary>
    /// Answers <paramref name="request"/> on <paramref name="output"/> (its replies and a ReadyForQuery of status idle)
    /// when it is cacheable; false, having written nothing, when it is not and must take the ordinary path.
    /// </summary>
    /// <param name="request">The statement and how to ask the origin for it.</param>
    /// <param name="output">The client; nothing else writes to it meanwhile (the session holds no lease).</param>
    /// <param name="cancellationToken">The client's session.</param>
    public async ValueTask<bool> TryAnswerAsync(CacheRequest request, PipeWriter output, CancellationToken cancellationToken)
    {
        var catalog = await CatalogAsync().ConfigureAwait(false);
        if (catalog is null || !QueryCacheability.IsCacheable(request.Sql, catalog))
        {
            return false;
        }

        var key = new QueryCacheKey(_database, _user, request.Sql, request.Shape);
        while (true)
        {
            var cached = Usable(key);
            Task<FillResult>? running = null;
            TaskCompletionSource<FillResult>? mine = null;
            if (cached is null)
            {
                lock (_fills)
                {
                    // Looked up again under the lock: a fill that ended since stored its reply before it left the table.
                    cached = Usable(key);
                    if (cached is null && !_fills.TryGetValue(key, out running))
                    {
                        mine = new TaskCompletionSource<FillResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _fills.Add(key, mine.Task);
                    }
                }
            }

            if (cached is not null)
            {
                Serve(key, request, cached, output);
                return true;
            }

            QueryCacheMetrics.Misses.Add(1);
            if (mine is not null)
            {
                Log.Miss(_logger, request.Sql);
                await FillAsync(key, request, output, mine, cancellationToken).ConfigureAwait(false);
                return true;
            }

            QueryCacheMetrics.Coalesced.Add(1);
            Log.Coalesced(_logger, request.Sql);
            FillResult result;
            try
            {
                result = await running!.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OriginUnavailableException && !cancellationToken.IsCancellationRequested)
            {
                // The fill's own client or connection failed it (the origin being unreachable is everyone's answer, and
                // goes on to this client too): ask again, as a new fill or a waiter on one.
                continue;
            }

            if (result.Messages is null)
            {
                // Too large to hold for everyone: this client streams its own answer, as the one that asked did.
                await QueryOriginAsync(key, request, output, store: false, cancellationToken).ConfigureAwait(false);
                return true;
            }

            Replay(output, result.Messages);
            return true;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _entries.Dispose();
        _disposed.Dispose();
    }

    private static void Replay(PipeWriter output, byte[] messages)
    {
        output.Write(messages);
        PgMessageWriter.WriteReadyForQuery(output, PgTransactionStatus.Idle); // the client's own status: no transaction
    }

    /// <summary>The key's entry while it may be served (fresh, or stale within <c>stale_while_revalidate</c>); else null.</summary>
    private CachedReply? Usable(QueryCacheKey key)
        => _entries.TryGetValue(key, out CachedReply? cached) && cached is not null
            && _options.Time.GetUtcNow() - cached.AskedAt <= _options.MaxAge + _options.StaleWhileRevalidate ? cached : null;

    /// <summary>Answers from an entry; a stale one also starts its refresh.</summary>
    private void Serve(QueryCacheKey key, CacheRequest request, CachedReply cached, PipeWriter output)
    {
        var age = _options.Time.GetUtcNow() - cached.AskedAt;
        if (age <= _options.MaxAge)
        {
            QueryCacheMetrics.Hits.Add(1);
            Log.Hit(_logger, age.TotalSeconds, request.Sql);
        }
        else
        {
            QueryCacheMetrics.StaleServed.Add(1);
            Log.Stale(_logger, age.TotalSeconds, request.Sql);
            StartRefresh(key, request);
        }

        Replay(output, cached.Messages);
    }

    /// <summary>Runs the key's one origin query, answers the client that started it, then hands the reply to the waiters.</summary>
    private async Task FillAsync(QueryCacheKey key, CacheRequest request, PipeWriter output, TaskCompletionSource<FillResult> fill, CancellationToken cancellationToken)
    {
        try
        {
            fill.SetResult(await QueryOriginAsync(key, request, output, store: true, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            fill.SetException(e);
            _ = fill.Task.Exception; // observed here: with no waiter, nobody else would
            throw;
        }
        finally
        {
            lock (_fills)
            {
                _fills.Remove(key); // after the store: see _fills
            }
        }
    }

    private void StartRefresh(QueryCacheKey key, CacheRequest request)
    {
        if (!_refreshing.TryAdd(key, true))
        {
            return; // once per stale entry
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await QueryOriginAsync(key, request, output: null, store: true, _disposed.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OriginException or OriginUnavailableException or IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
                Log.RefreshFailed(_logger, e);
            }
            finally
            {
                _refreshing.TryRemove(key, out _);
            }
        });
    }
}
