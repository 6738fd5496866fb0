using System.Globalization;
using System.Text;

namespace WorkerSockets.Policy;

/// <summary>
/// The WHATWG URL standard's IPv6 parser and serializer: strict (no zone IDs, no leading zeros in an embedded
/// IPv4 part), and one canonical text per address, so a parsed host formats back to itself.
/// </summary>
internal static class Ipv6Text
{
    /// <summary>Parses an IPv6 address without brackets into its eight 16-bit pieces.</summary>
    public static bool TryParse(ReadOnlySpan<char> input, out ushort[] pieces)
    {
        var address = new ushort[8];
        pieces = address;
        var pieceIndex = 0;
        int? compress = null;
        var pointer = 0;

        if (Peek(input, pointer) == ':' && pointer < input.Length)
        {
            if (Peek(input, pointer + 1) != ':' || pointer + 1 >= input.Length)
            {
                return false;
            }

            pointer += 2;
            pieceIndex++;
            compress = pieceIndex;
        }

        while (pointer < input.Length)
        {
            if (pieceIndex == 8)
            {
                return false;
            }

            if (Peek(input, pointer) == ':')
            {
                if (compress is not null)
                {
                    return false;
                }

                pointer++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }

            int value = 0, length = 0;
            while (length < 4 && pointer < input.Length && char.IsAsciiHexDigit(Peek(input, pointer)))
            {
                value = (value * 0x10) + HexValue(Peek(input, pointer));
                pointer++;
                length++;
            }

            if (pointer < input.Length && Peek(input, pointer) == '.')
            {
                if (length == 0)
                {
                    return false;
                }

                pointer -= length;
                if (pieceIndex > 6)
                {
                    return false;
                }

                var numbersSeen = 0;
                while (pointer < input.Length)
                {
                    int? ipv4Piece = null;
                    if (numbersSeen > 0)
                    {
                        if (Peek(input, pointer) == '.' && numbersSeen < 4)
                        {
                            pointer++;
                        }
                        else
                        {
                            return false;
                        }
                    }

                    if (pointer >= input.Length || !char.IsAsciiDigit(Peek(input, pointer)))
                    {
                        return false;
                    }

                    while (pointer < input.Length && char.IsAsciiDigit(Peek(input, pointer)))
                    {
                        var number = Peek(input, pointer) - '0';
                        if (ipv4Piece is null)
                        {
                            ipv4Piece = number;
                        }
                        else if (ipv4Piece == 0)
                        {
                            return false;
                        }
                        else
                        {
                            ipv4Piece = (ipv4Piece * 10) + number;
                        }

                        if (ipv4Piece > 255)
                        {
                            return false;
                        }

                        pointer++;
                    }

                    address[pieceIndex] = (ushort)((address[pieceIndex] * 0x100) + ipv4Piece!.Value);
                    numbersSeen++;
                    if (numbersSeen is 2 or 4)
                    {
                        pieceIndex++;
                    }
                }

                if (numbersSeen != 4)
                {
                    return false;
                }

                break;
            }

            if (pointer < input.Length && Peek(input, pointer) == ':')
            {
                pointer++;
                if (pointer >= input.Length)
                {
                    return false;
                }
            }
            else if (pointer < input.Length)
            {
                return false;
            }

            address[pieceIndex] = (ushort)value;
            pieceIndex++;
        }

        if (compress is int c)
        {
            var swaps = pieceIndex - c;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0)
            {
                (address[pieceIndex], address[c + swaps - 1]) = (address[c + swaps - 1], address[pieceIndex]);
                pieceIndex--;
                swaps--;
            }
        }
        else if (pieceIndex != 8)
        {
            return false;
        }

        return true;
    }

    /// <summary>Serializes eight pieces: lowercase hex, the first longest run of two or more zero pieces as <c>::</c>.</summary>
    public static string Serialize(ReadOnlySpan<ushort> address)
    {
        int compress = -1, bestLength = 1;
        for (var i = 0; i < 8;)
        {
            if (address[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && address[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestLength = i - start;
                compress = start;
            }
        }

        var output = new StringBuilder(39);
        var ignore0 = false;
        for (var pieceIndex = 0; pieceIndex < 8; pieceIndex++)
        {
            if (ignore0 && address[pieceIndex] == 0)
            {
                continue;
            }

            ignore0 = false;
            if (compress == pieceIndex)
            {
                output.Append(pieceIndex == 0 ? "::" : ":");
                ignore0 = true;
                continue;
            }

            output.Append(address[pieceIndex].ToString("x", CultureInfo.InvariantCulture));
            if (pieceIndex != 7)
            {
                output.Append(':');
            }
        }

        return output.ToString();
    }

    /// <summary>The sixteen network-order bytes of eight pieces.</summary>
    public static byte[] ToBytes(ReadOnlySpan<ushort> pieces)
    {
        var bytes = new byte[16];
        for (var i = 0; i < 8; i++)
        {
            bytes[2 * i] = (byte)(pieces[i] >> 8);
            bytes[(2 * i) + 1] = (byte)pieces[i];
        }

        return bytes;
    }

    /// <summary>The character at <paramref name="i"/>, or NUL past the end (NUL matches no rule of the parser).</summary>
    private static char Peek(ReadOnlySpan<char> input, int i) => i < input.Length ? input[i] : '\0';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
