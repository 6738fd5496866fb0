using System.Buffers;
using System.Text;

namespace WorkerSockets.Hosting.Hyperdrive.Protocol;

/// <summary>Reads the fields of message bodies the pooler must look into.</summary>
internal static class PgMessageParser
{
    /// <summary>Reads a NUL-terminated string (returned without its NUL); false when there is no NUL.</summary>
    public static bool TryReadCString(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> value)
        => reader.TryReadTo(out value, 0, advancePastDelimiter: true);

    /// <summary>Decodes a short NUL-free UTF-8 value (a name) to a string.</summary>
    public static string Decode(in ReadOnlySequence<byte> value) => Encoding.UTF8.GetString(value);

    /// <summary>The <c>S</c> (severity), <c>C</c> (SQLSTATE) and <c>M</c> (message) fields of an ErrorResponse or NoticeResponse.</summary>
    public static (string Severity, string SqlState, string Message) ReadError(in ReadOnlySequence<byte> body)
    {
        string severity = "", sqlState = "", message = "";
        var reader = new SequenceReader<byte>(body);
        while (reader.TryRead(out byte code) && code != 0)
        {
            if (!TryReadCString(ref reader, out var value))
            {
                break;
            }

            switch ((char)code)
            {
                case 'S': severity = Decode(value); break;
                case 'C': sqlState = Decode(value); break;
                case 'M': message = Decode(value); break;
            }
        }

        return (severity, sqlState, message);
    }

    /// <summary>The tag of a CommandComplete body, without its NUL.</summary>
    public static ReadOnlySequence<byte> CommandTag(in ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        return TryReadCString(ref reader, out var tag) ? tag : body;
    }
}
