using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Cache;

/// <summary>The cache's own origin queries: the function catalogue, fills and refreshes.</summary>
internal sealed partial class QueryCache
{
    private const string CatalogQuery = "SELECT proname::text, bool_or(provolatile <> 'i')::text FROM pg_catalog.pg_proc GROUP BY 1";

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
        var request = CacheRequest.Simple(CatalogQuery, Encoding.UTF8.GetBytes(CatalogQuery + "\0"));
        var reply = await RunAsync(request, output: null, int.MaxValue, _disposed.Token).ConfigureAwait(false);
        if (!reply.Storable || reply.Messages is null)
        {
            throw new OriginException("The origin refused to list its functions.");
        }

        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var volatileNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rest = new ReadOnlySequence<byte>(reply.Messages);
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

    /// <summary>
    /// Asks the origin on a connection of its own, streams the reply to <paramref name="output"/> (ReadyForQuery
    /// included), and stores it when it may be and <paramref name="store"/> says so.
    /// </summary>
    private async Task<FillResult> QueryOriginAsync(QueryCacheKey key, CacheRequest request, PipeWriter? output, bool store, CancellationToken cancellationToken)
    {
        var askedAt = _options.Time.GetUtcNow();
        var reply = await RunAsync(request, output, _options.MaxResultSize, cancellationToken).ConfigureAwait(false);
        if (output is not null)
        {
            PgMessageWriter.WriteReadyForQuery(output, PgTransactionStatus.Idle); // a connection left otherwise is not reused
        }

        if (store && reply is { Storable: true, Messages: { } messages })
        {
            long size = messages.Length + ((key.Text.Length + key.Shape.Length) * 2) + 128;
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
            _entries.Set(key, new CachedReply(messages, askedAt), entry);
        }

        return new FillResult(reply.Messages);
    }

    /// <summary>
    /// Sends the request's messages on a pooled origin connection. Every reply message before ReadyForQuery goes to
    /// <paramref name="output"/> (but a ParseComplete the client did not ask for); all of them are returned when they
    /// fit in <paramref name="limit"/> bytes, else null. Storable says they are only the replies a successful read
    /// gives (no error, notice or parameter change) and the origin is idle after them.
    /// </summary>
    private async Task<OriginReply> RunAsync(CacheRequest request, PipeWriter? output, int limit, CancellationToken cancellationToken)
    {
        var connection = await _origins.AcquireAsync(cancellationToken).ConfigureAwait(false);
        bool reusable = false;
        try
        {
            connection.Writer.Write(request.OriginMessages);
            await connection.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            var capture = new ArrayBufferWriter<byte>();
            bool fits = true;
            bool storable = true;
            bool hideParseComplete = request.HideParseComplete;
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

                    if (hideParseComplete && frame.Type == PgBackend.ParseComplete)
                    {
                        hideParseComplete = false; // the pooler's own Parse comes first
                        continue;
                    }

                    if (output is not null)
                    {
                        PgMessageWriter.WriteFrame(output, frame.Frame);
                    }

                    storable &= frame.Type is PgBackend.RowDescription or PgBackend.DataRow or PgBackend.CommandComplete
                        or PgBackend.ParseComplete or PgBackend.BindComplete or PgBackend.ParameterDescription or PgBackend.NoData;
                    fits &= capture.WrittenCount + frame.Frame.Length <= limit;
                    if (fits)
                    {
                        PgMessageWriter.WriteFrame(capture, frame.Frame);
                    }
                }

                connection.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (status is { } done)
                {
                    reusable = done == PgTransactionStatus.Idle;
                    return new OriginReply(fits ? capture.WrittenSpan.ToArray() : null, storable && reusable);
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

    /// <summary>The replies before ReadyForQuery (null when over the limit), and whether they may be stored.</summary>
    private readonly record struct OriginReply(byte[]? Messages, bool Storable);
}
