using System.Buffers;
using System.Buffers.Text;

namespace RedisGateway.Resp;

/// <summary>
/// Finds where each RESP reply ends in the backend's stream without holding it: simple lines, bulk strings of any size
/// (skipped as they stream past), and nested aggregates (arrays, sets, maps, pushes of RESP2 and RESP3).
/// </summary>
internal struct ReplyScanner
{
    private long _bodyLeft; // bytes of a bulk string (with its CRLF) still to pass; -1 when none
    private int _depth;
    private long[] _elementsLeft; // per open aggregate

    public ReplyScanner()
    {
        _bodyLeft = -1;
        _elementsLeft = new long[8];
    }

    /// <summary>Whether a reply has started and not ended.</summary>
    public readonly bool InReply => _depth > 0 || _bodyLeft >= 0;

    /// <summary>Advances <paramref name="reader"/> to the end of the current reply; false when the bytes ran out first.</summary>
    /// <exception cref="InvalidDataException">The backend sent something that is not RESP.</exception>
    public bool TryEndReply(ref SequenceReader<byte> reader)
    {
        while (true)
        {
            if (_bodyLeft >= 0)
            {
                var take = Math.Min(_bodyLeft, reader.Remaining);
                reader.Advance(take);
                _bodyLeft -= take;
                if (_bodyLeft > 0)
                    return false;
                _bodyLeft = -1;
                if (ElementDone())
                    return true;
                continue;
            }

            // Lines carry no payload worth streaming: a partial one is left unread until the rest arrives.
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                return false;

            var type = line.FirstSpan[0];
            switch (type)
            {
                case (byte)'$' or (byte)'=' or (byte)'!':
                    var length = Number(line);
                    if (length >= 0)
                        _bodyLeft = length + 2;
                    else if (ElementDone())
                        return true;
                    break;

                case (byte)'*' or (byte)'~' or (byte)'>' or (byte)'%':
                    var count = Number(line) * (type == (byte)'%' ? 2 : 1);
                    if (count > 0)
                        Push(count);
                    else if (ElementDone())
                        return true;
                    break;

                case (byte)'+' or (byte)'-' or (byte)':' or (byte)'_' or (byte)',' or (byte)'#' or (byte)'(':
                    if (ElementDone())
                        return true;
                    break;

                default:
                    throw new InvalidDataException($"The backend sent a reply of unknown type '{(char)type}'.");
            }
        }
    }

    /// <summary>One element ended: closes every aggregate it completes; true when that was the whole reply.</summary>
    private bool ElementDone()
    {
        while (_depth > 0)
        {
            if (--_elementsLeft[_depth - 1] > 0)
                return false;
            _depth--;
        }

        return true;
    }

    private void Push(long count)
    {
        if (_depth == _elementsLeft.Length)
            Array.Resize(ref _elementsLeft, _depth * 2);
        _elementsLeft[_depth++] = count;
    }

    private static long Number(ReadOnlySequence<byte> line)
    {
        // The type byte, the digits, then CR (the LF is not part of the line).
        Span<byte> digits = stackalloc byte[24];
        var body = line.Slice(1);
        if (body.Length > digits.Length)
            throw new InvalidDataException("The backend sent an over-long length.");
        scoped ReadOnlySpan<byte> span;
        if (body.IsSingleSegment)
        {
            span = body.FirstSpan.TrimEnd((byte)'\r'); // the common case: no copy
        }
        else
        {
            body.CopyTo(digits);
            span = digits[..(int)body.Length].TrimEnd((byte)'\r');
        }

        return Utf8Parser.TryParse(span, out long value, out var used) && used == span.Length
            ? value
            : throw new InvalidDataException("The backend sent a malformed length.");
    }
}
