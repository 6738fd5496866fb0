using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;

namespace RedisGateway.Resp;

/// <summary>
/// Reads the client's RESP commands as they stream in and forwards the allowed ones byte for byte to the backend: a
/// command's name is checked once its first bulk string is in; its arguments are passed on as they arrive, so a large
/// value never has to fit in memory. Forwarded bytes are not written piece by piece: consecutive allowed commands form
/// one run of the client's original bytes, written to the backend in one go when something else has to come between
/// (a refused command's placeholder, an inline command) or the read's bytes end — one write per pipelined batch.
/// Refused commands are read and dropped (see <see cref="Refusals"/>). Inline commands (<c>PING\r\n</c> typed into
/// telnet) are re-encoded as arrays. Malformed input gets Redis's protocol error, then the
/// connection ends, as Redis does.
/// </summary>
internal sealed class RequestForwarder(Refusals refusals)
{
    private const int MaxLine = 64 * 1024; // Redis's inline and header line limit
    private const long MaxArguments = 1024 * 1024;
    private const long MaxBulkLength = 512L * 1024 * 1024; // Redis's proto-max-bulk-len default

    private State _state = State.CommandStart;
    private long _argumentsLeft;
    private long _bodyLeft;
    private bool _forwarding;
    private byte[]? _refusal;
    private long _commandIndex;
    private string? _error;

    // The run of forwarded bytes in the current read's buffer not yet written to the backend (see Pass).
    private bool _inRun;
    private SequencePosition _runStart;
    private SequencePosition _runEnd;

    private enum State
    {
        CommandStart,
        NextArgument,
        ArgumentBody,
        ArgumentEnd,
    }

    /// <summary>Set once a protocol error was queued: nothing more is read from the client.</summary>
    public bool Failed { get; private set; }

    /// <summary>Whether the protocol error cut a forwarded command in half (the backend's input must then be ended).</summary>
    public bool MidCommand { get; private set; }

    /// <summary>Forwards what <paramref name="buffer"/> holds to <paramref name="backend"/>; returns how far it was consumed.</summary>
    public SequencePosition Forward(ReadOnlySequence<byte> buffer, PipeWriter backend)
    {
        var consumed = ForwardCommands(buffer, backend);
        QueueError(backend);
        return consumed;
    }

    private SequencePosition ForwardCommands(ReadOnlySequence<byte> buffer, PipeWriter backend)
    {
        var reader = new SequenceReader<byte>(buffer);
        try
        {
            return ForwardUntilMoreIsNeeded(buffer, ref reader, backend);
        }
        finally
        {
            // A run never outlives its buffer: what this read forwarded goes out before the caller's flush.
            EndRun(buffer, backend);
        }
    }

    private SequencePosition ForwardUntilMoreIsNeeded(ReadOnlySequence<byte> buffer, ref SequenceReader<byte> reader, PipeWriter backend)
    {
        while (_error is null)
        {
            switch (_state)
            {
                case State.CommandStart:
                    if (!TryStartCommand(ref reader, buffer, backend))
                        return reader.Position;
                    break;

                case State.NextArgument:
                    if (_argumentsLeft == 0)
                    {
                        EndCommand(buffer, backend);
                        break;
                    }

                    var headerStart = reader.Position;
                    if (!TryReadLine(ref reader, out var header) || !TryParseBulkHeader(header, out _bodyLeft))
                        return reader.Position;
                    Pass(buffer, headerStart, reader.Position, backend);
                    _state = State.ArgumentBody;
                    break;

                case State.ArgumentBody:
                    var take = Math.Min(_bodyLeft, reader.Remaining);
                    var bodyStart = reader.Position;
                    reader.Advance(take);
                    Pass(buffer, bodyStart, reader.Position, backend);
                    _bodyLeft -= take;
                    if (_bodyLeft > 0)
                        return reader.Position;
                    _state = State.ArgumentEnd;
                    break;

                case State.ArgumentEnd:
                    if (reader.Remaining < 2)
                        return reader.Position;
                    var crlfStart = reader.Position;
                    if (!reader.IsNext("\r\n"u8, advancePast: true))
                    {
                        Fail("bulk string not terminated by CRLF");
                        break;
                    }

                    Pass(buffer, crlfStart, reader.Position, backend);
                    _argumentsLeft--;
                    _state = State.NextArgument;
                    break;
            }
        }

        return reader.Position;
    }

    /// <summary>Reads an array header and the command name, or an inline command; false when more bytes are needed.</summary>
    private bool TryStartCommand(ref SequenceReader<byte> reader, ReadOnlySequence<byte> buffer, PipeWriter backend)
    {
        if (!reader.TryPeek(out var first))
            return false;
        if (first != (byte)'*')
            return TryForwardInline(ref reader, buffer, backend);

        var probe = reader;
        var start = probe.Position;
        if (!TryReadLine(ref probe, out var countLine))
            return false;
        if (!TryParseNumber(countLine.Slice(1), out var count) || count > MaxArguments)
        {
            Fail("invalid multibulk length");
            return false;
        }

        if (count <= 0)
        {
            reader = probe; // an empty array is no command: Redis ignores it
            return true;
        }

        if (!TryReadLine(ref probe, out var nameHeader) || !TryParseBulkHeader(nameHeader, out var nameLength))
            return false;

        if (nameLength > CommandAllowList.MaxNameLength)
        {
            // Too long for any allowed name: refused, and its bytes skipped as they come.
            reader = probe;
            StartCommand(count, forwarding: false, CommandAllowList.LongNameRefusal); // the name is the first argument to skip
            _bodyLeft = nameLength;
            _state = State.ArgumentBody;
            return true;
        }

        if (probe.Remaining < nameLength + 2)
            return false;

        Span<byte> name = stackalloc byte[(int)nameLength];
        probe.TryCopyTo(name);
        probe.Advance(nameLength);
        if (!probe.IsNext("\r\n"u8, advancePast: true))
        {
            Fail("bulk string not terminated by CRLF");
            return false;
        }

        var allowed = CommandAllowList.IsAllowed(name);
        StartCommand(count - 1, allowed, allowed ? null : CommandAllowList.RefusalFor(name));
        Pass(buffer, start, probe.Position, backend);
        reader = probe;
        return true;
    }

    /// <summary>A command typed as one line of words (telnet, <c>nc</c>): re-encoded as an array. Rare, so it may allocate.</summary>
    private bool TryForwardInline(ref SequenceReader<byte> reader, ReadOnlySequence<byte> buffer, PipeWriter backend)
    {
        if (!TryReadLine(ref reader, out var line))
            return false;

        EndRun(buffer, backend); // what this command's re-encoding writes comes after the commands before it

        var words = Encoding.ASCII.GetString(line).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
            return true;

        var name = Encoding.ASCII.GetBytes(words[0]);
        if (!CommandAllowList.IsAllowed(name))
        {
            refusals.Add(_commandIndex, CommandAllowList.RefusalFor(name));
            backend.Write(Refusals.Placeholder);
        }
        else
        {
            var array = new StringBuilder().Append('*').Append(words.Length).Append("\r\n");
            foreach (var word in words)
                array.Append('$').Append(Encoding.UTF8.GetByteCount(word)).Append("\r\n").Append(word).Append("\r\n");
            backend.Write(Encoding.UTF8.GetBytes(array.ToString()));
        }

        _commandIndex++;
        return true;
    }

    private void StartCommand(long arguments, bool forwarding, byte[]? refusal)
    {
        _argumentsLeft = arguments;
        _forwarding = forwarding;
        _refusal = refusal;
        _state = State.NextArgument;
    }

    private void EndCommand(ReadOnlySequence<byte> buffer, PipeWriter backend)
    {
        if (!_forwarding)
        {
            EndRun(buffer, backend);
            refusals.Add(_commandIndex, _refusal!);
            backend.Write(Refusals.Placeholder);
        }

        _commandIndex++;
        _state = State.CommandStart;
    }

    /// <summary>Records Redis's protocol error; <see cref="QueueError"/> sends it in order, then the gateway ends the connection.</summary>
    private void Fail(string error) => _error ??= error;

    /// <summary>
    /// Queues the protocol error as the reply after those of the complete commands before it. At a command boundary the
    /// backend gets a placeholder whose reply the error replaces; in the middle of a forwarded command the backend has half
    /// a command that must never complete, so <see cref="MidCommand"/> tells the caller to end the backend's input instead
    /// (the reply pump then sends the error when the backend's replies end).
    /// </summary>
    private void QueueError(PipeWriter backend)
    {
        if (_error is null || Failed)
            return;

        Failed = true;
        MidCommand = _state != State.CommandStart && _forwarding;
        var reply = Encoding.ASCII.GetBytes($"-ERR Protocol error: {_error}\r\n");
        refusals.Add(_commandIndex, reply, closeAfter: true, placeholderSent: !MidCommand);
        if (!MidCommand)
            backend.Write(Refusals.Placeholder);
        _commandIndex++;
    }

    private bool TryParseBulkHeader(ReadOnlySequence<byte> line, out long length)
    {
        length = 0;
        if (line.Length == 0 || line.FirstSpan[0] != (byte)'$')
        {
            Fail($"expected '$', got '{(line.Length == 0 ? ' ' : Printable(line.FirstSpan[0]))}'");
            return false;
        }

        if (!TryParseNumber(line.Slice(1), out length) || length < 0 || length > MaxBulkLength)
        {
            Fail("invalid bulk length");
            return false;
        }

        return true;
    }

    /// <summary>A line without its CRLF; false when it is not complete yet (a protocol error once it is too long to be one).</summary>
    private bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (reader.TryReadTo(out line, (byte)'\n'))
        {
            if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
                line = line.Slice(0, line.Length - 1);
            return true;
        }

        if (reader.Remaining > MaxLine)
            Fail("too big request line");
        return false;
    }

    private static char Printable(byte b) => b is >= 0x21 and <= 0x7E ? (char)b : '?';

    private static bool TryParseNumber(ReadOnlySequence<byte> digits, out long value)
    {
        value = 0;
        if (digits.Length is 0 or > 20)
            return false;
        if (digits.IsSingleSegment)
            return Utf8Parser.TryParse(digits.FirstSpan, out value, out var read) && read == digits.Length;
        Span<byte> span = stackalloc byte[(int)digits.Length];
        digits.CopyTo(span);
        return Utf8Parser.TryParse(span, out value, out var used) && used == span.Length;
    }

    /// <summary>
    /// Adds the bytes from <paramref name="start"/> to <paramref name="end"/> to the run when the current command is
    /// forwarded. Bytes that were skipped in between (a refused command) end the run first, so a run is always one
    /// contiguous slice of the client's bytes.
    /// </summary>
    private void Pass(ReadOnlySequence<byte> buffer, SequencePosition start, SequencePosition end, PipeWriter backend)
    {
        if (!_forwarding)
            return;

        if (_inRun && !_runEnd.Equals(start))
            EndRun(buffer, backend);
        if (!_inRun)
        {
            _inRun = true;
            _runStart = start;
        }

        _runEnd = end;
    }

    /// <summary>Writes the run to the backend: everything forwarded since the last thing written there.</summary>
    private void EndRun(ReadOnlySequence<byte> buffer, PipeWriter backend)
    {
        if (!_inRun)
            return;

        _inRun = false;
        Write(buffer.Slice(_runStart, _runEnd), backend);
    }

    private static void Write(ReadOnlySequence<byte> bytes, PipeWriter backend)
    {
        foreach (var segment in bytes)
            backend.Write(segment.Span);
    }
}
