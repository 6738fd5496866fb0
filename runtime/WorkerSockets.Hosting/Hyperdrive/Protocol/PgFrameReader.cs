using System.Buffers;
using System.Buffers.Binary;

namespace WorkerSockets.Hosting.Hyperdrive.Protocol;

/// <summary>What one attempt to take a message from a buffer found.</summary>
internal enum PgFrameStatus
{
    /// <summary>A whole message was taken.</summary>
    Complete,

    /// <summary>More bytes are needed.</summary>
    Incomplete,

    /// <summary>The length field is impossible (under 4) or over the limit: a protocol violation.</summary>
    Invalid,
}

/// <summary>One message in a buffer: its type byte, the whole frame (for forwarding) and its body (after the length).</summary>
internal readonly struct PgFrame
{
    public PgFrame(byte type, ReadOnlySequence<byte> frame, ReadOnlySequence<byte> body)
    {
        Type = type;
        Frame = frame;
        Body = body;
    }

    /// <summary>The type byte; 0 for a startup-phase message, which has none.</summary>
    public byte Type { get; }

    /// <summary>Every byte of the message, type and length included.</summary>
    public ReadOnlySequence<byte> Frame { get; }

    /// <summary>The bytes after the length field.</summary>
    public ReadOnlySequence<byte> Body { get; }
}

/// <summary>Takes PostgreSQL v3 messages out of a pipe's buffer without copying them.</summary>
internal static class PgFrameReader
{
    /// <summary>Takes one typed message (<c>type, int32 length, body</c>) from the front of <paramref name="buffer"/>.</summary>
    public static PgFrameStatus TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out PgFrame frame)
    {
        frame = default;
        if (buffer.Length < 5)
        {
            return PgFrameStatus.Incomplete;
        }

        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        int length = BinaryPrimitives.ReadInt32BigEndian(header[1..]);
        if (length < 4 || length > maxLength)
        {
            return PgFrameStatus.Invalid;
        }

        if (buffer.Length < 1L + length)
        {
            return PgFrameStatus.Incomplete;
        }

        var whole = buffer.Slice(0, 1 + length);
        frame = new PgFrame(header[0], whole, whole.Slice(5));
        buffer = buffer.Slice(whole.End);
        return PgFrameStatus.Complete;
    }

    /// <summary>Takes one untyped startup-phase message (<c>int32 length, body</c>) from the front of <paramref name="buffer"/>.</summary>
    public static PgFrameStatus TryReadStartup(ref ReadOnlySequence<byte> buffer, int maxLength, out PgFrame frame)
    {
        frame = default;
        if (buffer.Length < 4)
        {
            return PgFrameStatus.Incomplete;
        }

        Span<byte> header = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(header);
        int length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length < 8 || length > maxLength)
        {
            return PgFrameStatus.Invalid;
        }

        if (buffer.Length < length)
        {
            return PgFrameStatus.Incomplete;
        }

        var whole = buffer.Slice(0, length);
        frame = new PgFrame(0, whole, whole.Slice(4));
        buffer = buffer.Slice(whole.End);
        return PgFrameStatus.Complete;
    }
}
