using System.Globalization;
using System.Text;

namespace WorkerSockets.Generators.Config;

/// <summary>Walks config text and keeps the 0-based line and column of the current character.</summary>
internal sealed class TextCursor
{
    /// <summary>Deeper values are rejected, so hostile files cannot overflow the compiler's stack.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;

    public TextCursor(string text) => _text = text;

    public int Position { get; private set; }

    public int Line { get; private set; }

    public int Column { get; private set; }

    public bool AtEnd => Position >= _text.Length;

    public char Current => Position < _text.Length ? _text[Position] : '\0';

    public char Peek(int offset = 1) => Position + offset < _text.Length ? _text[Position + offset] : '\0';

    public bool StartsWith(string value) => string.CompareOrdinal(_text, Position, value, 0, value.Length) == 0;

    public void Advance(int count = 1)
    {
        for (var i = 0; i < count && Position < _text.Length; i++)
        {
            if (_text[Position] == '\n')
            {
                Line++;
                Column = 0;
            }
            else
            {
                Column++;
            }

            Position++;
        }
    }

    public ConfigSyntaxException Error(string message) => new(message, Line, Column);

    public void Expect(char c)
    {
        if (Current != c || AtEnd)
        {
            throw Error(AtEnd ? $"expected '{c}' but the file ended" : $"expected '{c}' but found {Found(Current)}");
        }

        Advance();
    }

    public static string Describe(char c) => c < ' ' ? $"\\u{(int)c:X4}" : c.ToString();

    /// <summary>A character as a message names what was found: <c>'x'</c>, or "the end of the line".</summary>
    public static string Found(char c) => c is '\n' or '\r' ? "the end of the line" : $"'{Describe(c)}'";

    /// <summary>Reads the hex digits of a \u or \U escape and appends the code point.</summary>
    public void ReadUnicodeEscape(StringBuilder builder, int digits)
    {
        var start = Position;
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var c = Current;
            if (!int.TryParse(c.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var digit))
            {
                throw Error("invalid unicode escape");
            }

            value = (value * 16) + digit;
            Advance();
        }

        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF && digits == 8))
        {
            throw new ConfigSyntaxException("invalid unicode code point", Line, Column - (Position - start));
        }

        if (value >= 0x10000)
        {
            builder.Append(char.ConvertFromUtf32(value));
        }
        else
        {
            builder.Append((char)value);
        }
    }
}
