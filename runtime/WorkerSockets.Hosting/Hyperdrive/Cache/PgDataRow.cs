using System.Buffers;
using System.Text;

namespace WorkerSockets.Hosting.Hyperdrive.Cache;

/// <summary>Reads the text columns of a <c>DataRow</c> body (the pooler's own catalogue query).</summary>
internal static class PgDataRow
{
    /// <exception cref="Origin.OriginException">The row is malformed or has a NULL column.</exception>
    public static string[] ReadTexts(in ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        if (!reader.TryReadBigEndian(out short count) || count < 0)
        {
            throw new Origin.OriginException("The origin sent a malformed DataRow.");
        }

        var columns = new string[count];
        for (int i = 0; i < count; i++)
        {
            if (!reader.TryReadBigEndian(out int length) || length < 0 || reader.Remaining < length)
            {
                throw new Origin.OriginException("The origin sent a malformed DataRow.");
            }

            columns[i] = Encoding.UTF8.GetString(body.Slice(reader.Position, length));
            reader.Advance(length);
        }

        return columns;
    }
}
