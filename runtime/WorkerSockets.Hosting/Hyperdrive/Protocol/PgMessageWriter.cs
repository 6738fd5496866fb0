using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace WorkerSockets.Hosting.Hyperdrive.Protocol;

/// <summary>Writes PostgreSQL v3 messages straight into a pipe's buffer.</summary>
internal static class PgMessageWriter
{
    /// <summary>Copies a whole frame (as read from another connection) unchanged.</summary>
    public static void WriteFrame(IBufferWriter<byte> writer, in ReadOnlySequence<byte> frame)
    {
        foreach (var segment in frame)
        {
            writer.Write(segment.Span);
        }
    }

    /// <summary>Writes a message whose body is already encoded.</summary>
    public static void Write(IBufferWriter<byte> writer, byte type, ReadOnlySpan<byte> body)
    {
        var span = writer.GetSpan(5 + body.Length);
        span[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], 4 + body.Length);
        body.CopyTo(span[5..]);
        writer.Advance(5 + body.Length);
    }

    public static void WriteReadyForQuery(IBufferWriter<byte> writer, PgTransactionStatus status)
        => Write(writer, PgBackend.ReadyForQuery, [(byte)status]);

    public static void WriteEmpty(IBufferWriter<byte> writer, byte type) => Write(writer, type, []);

    public static void WriteAuthentication(IBufferWriter<byte> writer, int code, ReadOnlySpan<byte> data)
    {
        var span = writer.GetSpan(9 + data.Length);
        span[0] = PgBackend.Authentication;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], 8 + data.Length);
        BinaryPrimitives.WriteInt32BigEndian(span[5..], code);
        data.CopyTo(span[9..]);
        writer.Advance(9 + data.Length);
    }

    public static void WriteBackendKeyData(IBufferWriter<byte> writer, int processId, int secretKey)
    {
        Span<byte> body = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(body, processId);
        BinaryPrimitives.WriteInt32BigEndian(body[4..], secretKey);
        Write(writer, PgBackend.BackendKeyData, body);
    }

    public static void WriteNegotiateProtocolVersion(IBufferWriter<byte> writer, int newestMinor, IReadOnlyList<string> unrecognizedOptions)
    {
        var body = new ArrayBufferWriter<byte>();
        WriteInt32(body, newestMinor);
        WriteInt32(body, unrecognizedOptions.Count);
        foreach (var option in unrecognizedOptions)
        {
            WriteCString(body, option);
        }

        Write(writer, PgBackend.NegotiateProtocolVersion, body.WrittenSpan);
    }

    /// <summary>Writes <c>ParameterStatus</c> from its already-encoded body (name and value, each NUL-terminated).</summary>
    public static void WriteParameterStatus(IBufferWriter<byte> writer, ReadOnlySpan<byte> body)
        => Write(writer, PgBackend.ParameterStatus, body);

    /// <summary>Writes an <c>ErrorResponse</c> with severity, SQLSTATE and message.</summary>
    public static void WriteError(IBufferWriter<byte> writer, string severity, string sqlState, string message)
    {
        var body = new ArrayBufferWriter<byte>(64 + message.Length);
        WriteField(body, (byte)'S', severity);
        WriteField(body, (byte)'V', severity);
        WriteField(body, (byte)'C', sqlState);
        WriteField(body, (byte)'M', message);
        body.Write([(byte)0]);
        Write(writer, PgBackend.ErrorResponse, body.WrittenSpan);
    }

    /// <summary>Writes a simple-protocol <c>Query</c>.</summary>
    public static void WriteQuery(IBufferWriter<byte> writer, string sql)
    {
        int length = Encoding.UTF8.GetByteCount(sql);
        var span = writer.GetSpan(6 + length);
        span[0] = PgFrontend.Query;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], 5 + length);
        Encoding.UTF8.GetBytes(sql, span[5..]);
        span[5 + length] = 0;
        writer.Advance(6 + length);
    }

    /// <summary>
    /// Writes a message whose body is <paramref name="prefix"/>, the NUL-terminated <paramref name="name"/>, then
    /// <paramref name="rest"/>: how a statement name is swapped in Parse, Bind, Describe and Close.
    /// </summary>
    public static void WriteWithName(IBufferWriter<byte> writer, byte type, in ReadOnlySequence<byte> prefix, ReadOnlySpan<byte> name, in ReadOnlySequence<byte> rest)
    {
        long bodyLength = prefix.Length + name.Length + 1 + rest.Length;
        var header = writer.GetSpan(5);
        header[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], checked((int)(4 + bodyLength)));
        writer.Advance(5);
        WriteFrame(writer, prefix);
        var span = writer.GetSpan(name.Length + 1);
        name.CopyTo(span);
        span[name.Length] = 0;
        writer.Advance(name.Length + 1);
        WriteFrame(writer, rest);
    }

    public static void WriteCString(IBufferWriter<byte> writer, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        var span = writer.GetSpan(length + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = 0;
        writer.Advance(length + 1);
    }

    public static void WriteInt32(IBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    private static void WriteField(IBufferWriter<byte> writer, byte code, string value)
    {
        writer.Write([code]);
        WriteCString(writer, value);
    }
}
