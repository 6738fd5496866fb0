using System.Collections.Concurrent;

namespace RedisGateway.Resp;

/// <summary>
/// Answers the gateway gives instead of the backend's, in command order. A refused command still sends the backend a
/// <c>PING</c> so that every command has exactly one backend reply: the reply pump swaps that reply for the refusal, and
/// pipelined replies stay in order without the two directions sharing a writer.
/// </summary>
internal sealed class Refusals
{
    private readonly ConcurrentQueue<Refusal> _queue = new();

    /// <summary>What the backend is sent in place of a refused command.</summary>
    public static ReadOnlySpan<byte> Placeholder => "*1\r\n$4\r\nPING\r\n"u8;

    /// <summary>Queues the answer to command number <paramref name="index"/> (counted from 0 on this connection).</summary>
    /// <param name="index">The command's number.</param>
    /// <param name="reply">What the client gets.</param>
    /// <param name="closeAfter">Whether the gateway ends the connection after it (a protocol error).</param>
    /// <param name="placeholderSent">Whether the backend was sent a placeholder whose reply this one replaces.</param>
    public void Add(long index, byte[] reply, bool closeAfter = false, bool placeholderSent = true)
        => _queue.Enqueue(new Refusal(index, reply, closeAfter, placeholderSent));

    /// <summary>The refusal for reply number <paramref name="index"/>, if that reply is one.</summary>
    public bool TryTake(long index, out Refusal refusal)
    {
        if (_queue.TryPeek(out refusal) && refusal.Index == index)
            return _queue.TryDequeue(out refusal);
        return false;
    }

    /// <summary>The next refusal, whatever its number.</summary>
    public bool TryPeek(out Refusal refusal) => _queue.TryPeek(out refusal);
}

/// <summary>One replaced reply: the bytes the client gets, whether the gateway then ends the connection (a protocol error), and whether a backend reply stands in for it.</summary>
internal readonly record struct Refusal(long Index, byte[] Reply, bool CloseAfter, bool PlaceholderSent);
