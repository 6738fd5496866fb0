using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace Customers.Postgres;

/// <summary>Writes the frontend (client) messages of the PostgreSQL protocol, version 3.0, into a <see cref="PipeWriter"/>.</summary>
internal static class PgFrontend
{
    private const int ProtocolVersion3 = 196608; // 3 << 16
    private const int SslRequestCode = 80877103; // 1234 << 16 | 5679

    /// <summary>SSLRequest: asks the server to switch to TLS; it answers one byte, 'S' or 'N'.</summary>
    public static void WriteSslRequest(PipeWriter writer)
    {
        Span<byte> span = writer.GetSpan(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], SslRequestCode);
        writer.Advance(8);
    }

    /// <summary>StartupMessage: protocol version and the connection parameters, each a pair of C strings.</summary>
    public static void WriteStartup(PipeWriter writer, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        int length = 4 + 4 + 1;
        foreach ((string key, string value) in parameters)
        {
            length += CStringLength(key) + CStringLength(value);
        }

        Span<byte> span = writer.GetSpan(length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], ProtocolVersion3);
        int offset = 8;
        foreach ((string key, string value) in parameters)
        {
            offset += WriteCString(span[offset..], key);
            offset += WriteCString(span[offset..], value);
        }

        span[offset] = 0;
        writer.Advance(length);
    }

    /// <summary>PasswordMessage ('p'): the cleartext or md5-hashed password as a C string.</summary>
    public static void WritePassword(PipeWriter writer, string password)
    {
        Span<byte> span = BeginMessage(writer, (byte)'p', CStringLength(password));
        WriteCString(span, password);
        writer.Advance(1 + 4 + CStringLength(password));
    }

    /// <summary>SASLInitialResponse ('p'): the chosen mechanism and the client-first-message.</summary>
    public static void WriteSaslInitialResponse(PipeWriter writer, string mechanism, ReadOnlySpan<byte> data)
    {
        int bodyLength = CStringLength(mechanism) + 4 + data.Length;
        Span<byte> span = BeginMessage(writer, (byte)'p', bodyLength);
        int offset = WriteCString(span, mechanism);
        BinaryPrimitives.WriteInt32BigEndian(span[offset..], data.Length);
        data.CopyTo(span[(offset + 4)..]);
        writer.Advance(1 + 4 + bodyLength);
    }

    /// <summary>SASLResponse ('p'): the client-final-message.</summary>
    public static void WriteSaslResponse(PipeWriter writer, ReadOnlySpan<byte> data)
    {
        Span<byte> span = BeginMessage(writer, (byte)'p', data.Length);
        data.CopyTo(span);
        writer.Advance(1 + 4 + data.Length);
    }

    /// <summary>Query ('Q'): one or more SQL statements for the simple query protocol.</summary>
    public static void WriteQuery(PipeWriter writer, string sql)
    {
        Span<byte> span = BeginMessage(writer, (byte)'Q', CStringLength(sql));
        WriteCString(span, sql);
        writer.Advance(1 + 4 + CStringLength(sql));
    }

    /// <summary>Terminate ('X'): the polite goodbye before closing the connection.</summary>
    public static void WriteTerminate(PipeWriter writer) => BeginMessageAndAdvance(writer, (byte)'X');

    // Writes the type byte and the length (which counts itself but not the type) and returns the span for the body.
    private static Span<byte> BeginMessage(PipeWriter writer, byte type, int bodyLength)
    {
        Span<byte> span = writer.GetSpan(1 + 4 + bodyLength);
        span[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], 4 + bodyLength);
        return span.Slice(5, bodyLength);
    }

    private static void BeginMessageAndAdvance(PipeWriter writer, byte type)
    {
        BeginMessage(writer, type, 0);
        writer.Advance(5);
    }

    private static int CStringLength(string value) => Encoding.UTF8.GetByteCount(value) + 1;

    private static int WriteCString(Span<byte> destination, string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("PostgreSQL protocol strings cannot contain NUL characters.", nameof(value));
        }

        int written = Encoding.UTF8.GetBytes(value, destination);
        destination[written] = 0;
        return written + 1;
    }
}
