using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace Customers.Postgres;

/// <summary>
/// Reads backend (server) messages from a <see cref="PipeReader"/>: a type byte, a big-endian length that counts itself,
/// and the body. Bodies are handed to a synchronous handler straight from the pipe's buffers, without copying.
/// </summary>
internal sealed class PgBackendReader(PipeReader reader)
{
    private const int MaxMessageLength = 64 * 1024 * 1024;

    /// <summary>Handles one message; returns <see langword="true"/> to stop reading after it.</summary>
    public delegate bool Handler<in TState>(TState state, byte type, ReadOnlySequence<byte> body);

    /// <summary>Reads the one-byte answer to SSLRequest: <see langword="true"/> for 'S', <see langword="false"/> for 'N'.</summary>
    public async ValueTask<bool> ReadSslResponseAsync(CancellationToken cancellationToken)
    {
        ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        ReadOnlySequence<byte> buffer = result.Buffer;
        if (buffer.IsEmpty)
        {
            throw new PgConnectionException("The server closed the connection instead of answering the SSLRequest.");
        }

        byte answer = buffer.FirstSpan[0];
        // Bytes after 'S' would be plaintext injected ahead of the TLS handshake (CVE-2021-23222): refuse them.
        bool extra = buffer.Length > 1;
        reader.AdvanceTo(buffer.GetPosition(1));
        return (answer, extra) switch
        {
            ((byte)'S', false) => true,
            ((byte)'N', false) => false,
            ((byte)'E', _) => throw new PgConnectionException("The server does not support SSLRequest."),
            _ => throw new PgConnectionException("The server sent an unexpected answer to the SSLRequest."),
        };
    }

    /// <summary>Reads messages and passes each to <paramref name="handler"/> until it returns <see langword="true"/>.</summary>
    public async ValueTask ReadUntilAsync<TState>(TState state, Handler<TState> handler, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool stop = false;
            try
            {
                while (!stop && TryReadMessage(ref buffer, out byte type, out ReadOnlySequence<byte> body))
                {
                    stop = handler(state, type, body);
                }
            }
            finally
            {
                // Everything before buffer.Start is handled; the rest has been looked at unless we stopped early.
                reader.AdvanceTo(buffer.Start, stop ? buffer.Start : buffer.End);
            }

            if (stop)
            {
                return;
            }

            if (result.IsCompleted)
            {
                throw new PgConnectionException("The server closed the connection unexpectedly.");
            }
        }
    }

    private static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out byte type, out ReadOnlySequence<byte> body)
    {
        type = 0;
        body = default;
        if (buffer.Length < 5)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        int length = BinaryPrimitives.ReadInt32BigEndian(header[1..]);
        if (length is < 4 or > MaxMessageLength)
        {
            throw new PgConnectionException("The server sent a malformed message.");
        }

        if (buffer.Length < 1 + length)
        {
            return false;
        }

        type = header[0];
        body = buffer.Slice(5, length - 4);
        buffer = buffer.Slice(1 + length);
        return true;
    }

    /// <summary>Reads a big-endian 32-bit integer from a message body.</summary>
    public static int ReadInt32(ref SequenceReader<byte> body)
        => body.TryReadBigEndian(out int value) ? value : throw Malformed();

    /// <summary>Reads a big-endian 16-bit integer from a message body.</summary>
    public static short ReadInt16(ref SequenceReader<byte> body)
        => body.TryReadBigEndian(out short value) ? value : throw Malformed();

    /// <summary>Reads a NUL-terminated UTF-8 string from a message body.</summary>
    public static string ReadCString(ref SequenceReader<byte> body)
        => body.TryReadTo(out ReadOnlySequence<byte> text, 0) ? Encoding.UTF8.GetString(text) : throw Malformed();

    /// <summary>Reads <paramref name="length"/> bytes as UTF-8 text.</summary>
    public static string ReadString(ref SequenceReader<byte> body, int length)
    {
        if (body.Remaining < length)
        {
            throw Malformed();
        }

        string text = Encoding.UTF8.GetString(body.UnreadSequence.Slice(0, length));
        body.Advance(length);
        return text;
    }

    /// <summary>Parses an ErrorResponse body into a <see cref="PgException"/>.</summary>
    public static PgException ReadError(ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        string sqlState = "", severity = "", message = "";
        while (reader.TryRead(out byte field) && field != 0)
        {
            string value = ReadCString(ref reader);
            switch (field)
            {
                case (byte)'C': sqlState = value; break;
                case (byte)'V': severity = value; break;
                case (byte)'M': message = value; break;
                case (byte)'S' when severity.Length == 0: severity = value; break;
            }
        }

        return new PgException(sqlState, severity, message);
    }

    private static PgConnectionException Malformed() => new("The server sent a malformed message.");
}
