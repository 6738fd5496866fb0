using System.Buffers.Binary;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Cache;

/// <summary>
/// One question the cache may answer: the statement text (judged by <see cref="QueryCacheability"/>), what else makes
/// the answer differ (<paramref name="Shape"/>: for the extended protocol, the parameter types, values and formats,
/// the result formats and which replies the client asked for), and the exact messages that ask the origin.
/// </summary>
/// <param name="Sql">The statement text.</param>
/// <param name="Shape">Everything besides the text the reply depends on; empty for a simple query.</param>
/// <param name="OriginMessages">The frontend messages sent to the origin, ending in Query or Sync.</param>
/// <param name="HideParseComplete">The pooler added a Parse the client did not send: its ParseComplete is not the client's.</param>
internal sealed record CacheRequest(string Sql, string Shape, byte[] OriginMessages, bool HideParseComplete)
{
    /// <summary>A simple-protocol Query: the whole frame is sent as is.</summary>
    public static CacheRequest Simple(string sql, ReadOnlySpan<byte> queryBody)
    {
        var frame = new byte[5 + queryBody.Length];
        frame[0] = PgFrontend.Query;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), 4 + queryBody.Length);
        queryBody.CopyTo(frame.AsSpan(5));
        return new CacheRequest(sql, "", frame, HideParseComplete: false);
    }

    /// <summary>
    /// An extended-protocol exchange, already rewritten to use the unnamed statement and portal. The shape is those very
    /// messages (they hold the text, types, values and formats) plus whether the client's own Parse was among them.
    /// </summary>
    public static CacheRequest Extended(string sql, byte[] originMessages, bool clientParsed)
        => new(sql, (clientParsed ? "P:" : "B:") + Encoding.Latin1.GetString(originMessages), originMessages, !clientParsed);
}
