using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Cache;

/// <summary>What a cache entry is found under: the pool's origin database and user, and the exact statement text.</summary>
internal readonly record struct QueryCacheKey(string Database, string User, string Text);

/// <summary>An origin's reply to one query (RowDescription, DataRow..., CommandComplete), byte for byte, and when it was asked.</summary>
internal sealed record CachedReply(byte[] Messages, DateTimeOffset AskedAt);

/// <summary>
/// One pool's cache of read-only query results. A cacheable simple query is answered from a fresh entry, or from a stale
/// one (within <c>stale_while_revalidate</c>) while one background query refreshes it, or else sent to the origin on a
/// connection of its own, outside any lease: concurrent misses on one key share that one origin query.
/// </summary>
internal sealed partial class QueryCache : IDisposable
{
    private const string CatalogQuery = "SELECT proname::text, bool_or(provolatile <> 'i')::text FROM pg_catalog.pg_proc GROUP BY 1";

    private readonly OriginPool _origins;
    private readonly QueryCacheOptions _options;
    private readonly string _database;
    private readonly string _user;
    private readonly ILogger _logger;
    private readonly MemoryCache _entries;
    private readonly ConcurrentDictionary<QueryCacheKey, Task<CachedReply?>> _inFlight = new();
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
    /// Answers <paramref name="sql"/> on <paramref name="output"/> (its replies and a ReadyForQuery of status idle) when it
    /// is cacheable; false, having written nothing, when it is not and must take the ordinary path.
    /// </summary>
    /// <param name="sql">The query text.</param>
    /// <param name="queryBody">The Query message's body (the text and its NUL), sent to the origin as is.</param>
    /// <param name="output">The client; nothing else writes to it meanwhile (the session holds no lease).</param>
    /// <param name="cancellationToken">The client's session.</param>
    public async ValueTask<bool> TryAnswerAsync(string sql, byte[] queryBody, PipeWriter output, CancellationToken cancellationToken)
    {
        var catalog = await CatalogAsync().ConfigureAwait(false);
        if (catalog is null || !QueryCacheability.IsCacheable(sql, catalog))
        {
            return false;
        }

        var key = new QueryCacheKey(_database, _user, sql);
        if (_entries.TryGetValue(key, out CachedReply? cached) && cached is not null)
        {
            var age = _options.Time.GetUtcNow() - cached.AskedAt;
            if (age <= _options.MaxAge)
            {
                QueryCacheMetrics.Hits.Add(1);
                Log.Hit(_logger, age.TotalSeconds, sql);
                Replay(output, cached);
                return true;
            }

            if (age <= _options.MaxAge + _options.StaleWhileRevalidate)
            {
                QueryCacheMetrics.StaleServed.Add(1);
                Log.Stale(_logger, age.TotalSeconds, sql);
                Replay(output, cached);
                StartRefresh(key, queryBody);
                return true;
            }
        }

        QueryCacheMetrics.Misses.Add(1);
        Log.Miss(_logger, sql);
        var shared = new TaskCompletionSource<CachedReply?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_inFlight.TryAdd(key, shared.Task))
        {
            CachedReply? stored = null;
            try
            {
                stored = await QueryOriginAsync(key, queryBody, output, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<QueryCacheKey, Task<CachedReply?>>(key, shared.Task));
                shared.SetResult(stored);
            }

            return true;
        }

        // Another client is asking the origin the same thing right now: its answer is as fresh as one of our own.
        if (_inFlight.TryGetValue(key, out var running) && await running.WaitAsync(cancellationToken).ConfigureAwait(false) is { } answer)
        {
            Replay(output, answer);
            return true;
        }

        await QueryOriginAsync(key, queryBody, output, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _entries.Dispose();
        _disposed.Dispose();
    }

    private static void Replay(PipeWriter output, CachedReply reply)
    {
        output.Write(reply.Messages);
        PgMessageWriter.WriteReadyForQuery(output, PgTransactionStatus.Idle); // the client's own status: no transaction
    }

    private void StartRefresh(QueryCacheKey key, byte[] queryBody)
    {
        if (!_refreshing.TryAdd(key, true))
        {
            return; // once per stale entry
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await QueryOriginAsync(key, queryBody, output: null, _disposed.Token).ConfigureAwait(false);
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

    /// <summary>The origin's function catalogue, read once (again after a failure); null when it cannot be read now.</summary>
    private async ValueTask<FunctionCatalog?> CatalogAsync()
    {
        var task = _catalog;
        if (task is null)
        {
            var loading = LoadCatalogAsync();
            task = Interlocked.CompareExchange(ref _catalog, loading, null) ?? loading;
        }

        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OriginException or OriginUnavailableException or IOException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            _ = Interlocked.CompareExchange(ref _catalog, null, task);
            Log.CatalogFailed(_logger, e);
            return null; // not cacheable: the ordinary path reports the origin's state to the client
        }
    }

    private async Task<FunctionCatalog> LoadCatalogAsync()
    {
        await Task.Yield();
        var body = Encoding.UTF8.GetBytes(CatalogQuery + "\0");
        var (messages, _) = await RunAsync(body, output: null, int.MaxValue, _disposed.Token).ConfigureAwait(false);
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var volatileNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rest = new ReadOnlySequence<byte>(messages ?? throw new OriginException("The origin refused to list its functions."));
        while (PgFrameReader.TryRead(ref rest, int.MaxValue, out var frame) == PgFrameStatus.Complete)
        {
            if (frame.Type != PgBackend.DataRow)
            {
                continue;
            }

            var row = PgDataRow.ReadTexts(frame.Body);
            known.Add(row[0]);
            if (row[1] == "true")
            {
                volatileNames.Add(row[0]);
            }
        }

        Log.CatalogLoaded(_logger, known.Count, volatileNames.Count);
        return new FunctionCatalog(known, volatileNames);
    }

    /// <summary>Asks the origin on a connection of its own, streams the reply to <paramref name="output"/>, and stores it when it may be.</summary>
    private async Task<CachedReply?> QueryOriginAsync(QueryCacheKey key, byte[] queryBody, PipeWriter? output, CancellationToken cancellationToken)
    {
        var askedAt = _options.Time.GetUtcNow();
        var (messages, _) = await RunAsync(queryBody, output, _options.MaxResultSize, cancellationToken).ConfigureAwait(false);
        if (output is not null)
        {
            PgMessageWriter.WriteReadyForQuery(output, PgTransactionStatus.Idle);
        }

        if (messages is null)
        {
            return null;
        }

        var reply = new CachedReply(messages, askedAt);
        long size = messages.Length + (key.Text.Length * 2) + 128;
        var entry = new MemoryCacheEntryOptions
        {
            Size = size,
            AbsoluteExpirationRelativeToNow = _options.MaxAge + _options.StaleWhileRevalidate + TimeSpan.FromTicks(1),
        };
        entry.RegisterPostEvictionCallback(static (_, _, reason, state) =>
        {
            QueryCacheMetrics.Bytes.Add(-(long)state!);
            if (reason == EvictionReason.Capacity)
            {
                QueryCacheMetrics.Evictions.Add(1);
            }
        }, size);
        QueryCacheMetrics.Bytes.Add(size);
        _entries.Set(key, reply, entry);
        return reply;
    }

    /// <summary>
    /// Runs one simple query on a pooled origin connection. Every reply message before ReadyForQuery goes to
    /// <paramref name="output"/>; they are also returned when they are only rows and a command tag and fit in
    /// <paramref name="limit"/> bytes, else null (errors, notices, parameter changes are never stored).
    /// </summary>
    private async Task<(byte[]? Messages, PgTransactionStatus Status)> RunAsync(byte[] queryBody, PipeWriter? output, int limit, CancellationToken cancellationToken)
    {
        var connection = await _origins.AcquireAsync(cancellationToken).ConfigureAwait(false);
        bool reusable = false;
        try
        {
            PgMessageWriter.Write(connection.Writer, PgFrontend.Query, queryBody);
            await connection.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            var capture = new ArrayBufferWriter<byte>();
            bool storable = true;
            while (true)
            {
                var result = await connection.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                PgTransactionStatus? status = null;
                while (status is null && PgFrameReader.TryRead(ref buffer, int.MaxValue, out var frame) is var read && read != PgFrameStatus.Incomplete)
                {
                    if (read == PgFrameStatus.Invalid)
                    {
                        throw new OriginException("The origin sent a malformed message.");
                    }

                    if (frame.Type == PgBackend.ReadyForQuery)
                    {
                        status = (PgTransactionStatus)frame.Body.FirstSpan[0];
                        break;
                    }

                    if (output is not null)
                    {
                        PgMessageWriter.WriteFrame(output, frame.Frame);
                    }

                    storable &= frame.Type is PgBackend.RowDescription or PgBackend.DataRow or PgBackend.CommandComplete
                        && capture.WrittenCount + frame.Frame.Length <= limit;
                    if (storable)
                    {
                        PgMessageWriter.WriteFrame(capture, frame.Frame);
                    }
                }

                connection.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (status is { } done)
                {
                    reusable = done == PgTransactionStatus.Idle;
                    return (storable && reusable ? capture.WrittenSpan.ToArray() : null, done);
                }

                if (result.IsCompleted)
                {
                    throw new OriginException("The origin closed the connection.");
                }

                if (output is { UnflushedBytes: > 64 * 1024 })
                {
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false); // a large result streams, as on the lease path
                }
            }
        }
        finally
        {
            await _origins.ReturnAsync(connection, reusable).ConfigureAwait(false);
        }
    }
}
