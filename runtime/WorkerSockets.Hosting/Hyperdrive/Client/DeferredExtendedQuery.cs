using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Cache;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Client;

/// <summary>
/// An extended-protocol exchange held back, while no lease is held, until its Sync shows whether the cache may answer
/// it. Only one shape is taken, the one whose replies the cache reproduces exactly:
/// <c>[Parse ""] [Describe S ""] Bind "" → stmt [Describe P ""] Execute "" 0 Sync</c>, where the statement is the unnamed one
/// just parsed or a named one the client prepared before. Anything else (a named Parse, a second Execute, a row limit,
/// Flush, Close, another portal...) does not fit, and what was held goes the ordinary way, in order, before it.
/// </summary>
internal sealed class DeferredExtendedQuery
{
    // Bigger requests (large parameter values) would make large keys; they are rarely the repeated reads worth caching.
    private const int MaxHeldBytes = 64 * 1024;

    private readonly List<byte[]> _frames = new();
    private readonly ArrayBufferWriter<byte> _origin = new();
    private Step _step;
    private int _held;
    private bool _clientParsed;
    private string? _sql;

    private enum Step
    {
        Start,
        Parsed,
        ParsedDescribed,
        Bound,
        BoundDescribed,
        Executed,
    }

    /// <summary>The client's messages held so far, as sent.</summary>
    public IReadOnlyList<byte[]> Frames => _frames;

    /// <summary>Takes the next message when the exchange still has the cacheable shape; false, taking nothing, when not.</summary>
    /// <param name="frame">The client's message.</param>
    /// <param name="lookup">Finds a statement the client prepared by its name.</param>
    public bool TryAdd(in PgFrame frame, Func<ReadOnlySequence<byte>, PreparedStatement?> lookup)
    {
        if (_held + frame.Frame.Length > MaxHeldBytes)
        {
            return false;
        }

        var body = frame.Body.ToArray();
        bool taken = (frame.Type, _step) switch
        {
            (PgFrontend.Parse, Step.Start) => TryParse(body),
            (PgFrontend.Describe, Step.Parsed) => TryDescribe(body, (byte)'S', Step.ParsedDescribed),
            (PgFrontend.Bind, Step.Start or Step.Parsed or Step.ParsedDescribed) => TryBind(body, lookup),
            (PgFrontend.Describe, Step.Bound) => TryDescribe(body, (byte)'P', Step.BoundDescribed),
            (PgFrontend.Execute, Step.Bound or Step.BoundDescribed) => TryExecute(body),
            _ => false,
        };
        if (taken)
        {
            _frames.Add(frame.Frame.ToArray());
            _held += (int)frame.Frame.Length;
        }

        return taken;
    }

    /// <summary>At the client's Sync: the request for the cache, or null when the exchange is not complete.</summary>
    public CacheRequest? ToRequest()
    {
        if (_step != Step.Executed || _sql is null)
        {
            return null;
        }

        var messages = new ArrayBufferWriter<byte>(_origin.WrittenCount + 5);
        messages.Write(_origin.WrittenSpan);
        PgMessageWriter.WriteEmpty(messages, PgFrontend.Sync);
        return CacheRequest.Extended(_sql, messages.WrittenSpan.ToArray(), _clientParsed);
    }

    private bool TryParse(byte[] body)
    {
        // Only the unnamed statement: a named one must be recorded in the session's table, which the ordinary path does.
        if (body.Length == 0 || body[0] != 0 || !TryDefinition(body.AsSpan(1)))
        {
            return false;
        }

        _clientParsed = true;
        WriteParse(body.AsSpan(1));
        _step = Step.Parsed;
        return true;
    }

    private bool TryDescribe(byte[] body, byte kind, Step next)
    {
        if (body is not [var k, 0] || k != kind)
        {
            return false;
        }

        PgMessageWriter.Write(_origin, PgFrontend.Describe, [kind, 0]);
        _step = next;
        return true;
    }

    private bool TryBind(byte[] body, Func<ReadOnlySequence<byte>, PreparedStatement?> lookup)
    {
        var span = body.AsSpan();
        int statementEnd = span.Length > 0 && span[0] == 0 ? span[1..].IndexOf((byte)0) : -1;
        if (statementEnd < 0)
        {
            return false; // a named portal, or malformed
        }

        var name = span.Slice(1, statementEnd);
        var tail = span[(statementEnd + 2)..];
        if (!IsBindTail(tail))
        {
            return false;
        }

        if (_step == Step.Start)
        {
            // A statement prepared earlier, by name: asked of the origin as the unnamed statement with the same definition.
            var statement = name.IsEmpty ? null : lookup(new ReadOnlySequence<byte>(name.ToArray()));
            if (statement is null || !TryDefinition(statement.Definition))
            {
                return false; // the unnamed statement of an earlier exchange, or an unknown name: the origin's error is the answer
            }

            WriteParse(statement.Definition);
        }
        else if (!name.IsEmpty)
        {
            return false;
        }

        PgMessageWriter.WriteWithName(_origin, PgFrontend.Bind, new ReadOnlySequence<byte>([0]), [], new ReadOnlySequence<byte>(tail.ToArray()));
        _step = Step.Bound;
        return true;
    }

    private bool TryExecute(byte[] body)
    {
        // The unnamed portal, every row (a row limit suspends the portal: not reproducible).
        if (body is not [0, 0, 0, 0, 0])
        {
            return false;
        }

        PgMessageWriter.Write(_origin, PgFrontend.Execute, body);
        _step = Step.Executed;
        return true;
    }

    /// <summary>A Parse definition (text, NUL, parameter type count and types) whose text is UTF-8.</summary>
    private bool TryDefinition(ReadOnlySpan<byte> definition)
    {
        int end = definition.IndexOf((byte)0);
        if (end < 0 || definition.Length - end - 1 < 2)
        {
            return false;
        }

        int types = BinaryPrimitives.ReadInt16BigEndian(definition[(end + 1)..]);
        if (types < 0 || definition.Length != end + 3 + (types * 4))
        {
            return false;
        }

        try
        {
            _sql = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(definition[..end]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private void WriteParse(ReadOnlySpan<byte> definition)
        => PgMessageWriter.WriteWithName(_origin, PgFrontend.Parse, ReadOnlySequence<byte>.Empty, [], new ReadOnlySequence<byte>(definition.ToArray()));

    /// <summary>Bind after its names: parameter formats, values, result formats, and nothing more.</summary>
    private static bool IsBindTail(ReadOnlySpan<byte> tail)
    {
        int at = 0;
        if (!TryCount(tail, ref at, out int formats) || (at += formats * 2) > tail.Length || !TryCount(tail, ref at, out int values))
        {
            return false;
        }

        for (int i = 0; i < values; i++)
        {
            if (tail.Length - at < 4)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadInt32BigEndian(tail[at..]);
            at += 4;
            if (length < -1 || length > tail.Length - at)
            {
                return false;
            }

            at += Math.Max(length, 0);
        }

        return TryCount(tail, ref at, out int results) && at + (results * 2) == tail.Length;
    }

    private static bool TryCount(ReadOnlySpan<byte> span, ref int at, out int count)
    {
        count = 0;
        if (span.Length - at < 2)
        {
            return false;
        }

        count = BinaryPrimitives.ReadInt16BigEndian(span[at..]);
        at += 2;
        return count >= 0;
    }
}
