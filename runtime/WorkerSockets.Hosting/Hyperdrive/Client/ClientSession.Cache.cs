using System.Buffers;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>The query cache's hook: a simple query sent while no transaction is open may be answered by the cache.</summary>
internal sealed partial class ClientSession
{
    private async ValueTask<bool> TryAnswerFromCacheAsync(PgFrame frame, CancellationToken cancellationToken)
    {
        if (_pool.Cache is not { } cache)
        {
            return false;
        }

        lock (_gate)
        {
            // A lease means a transaction is open or replies are still owed (a pipeline): the origin must answer, in order.
            if (_lease is not null)
            {
                return false;
            }
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
        bool answered = await cache.TryAnswerAsync(sql, body, Output, cancellationToken).ConfigureAwait(false);
        _localWrites |= answered;
        return answered;
    }
}
