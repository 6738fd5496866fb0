using System.Text;

namespace WorkerSockets.Generators.Config;

/// <summary>TOML's four string forms: basic, literal, multi-line basic and multi-line literal.</summary>
internal static class TomlStrings
{
    public static string ReadBasicString(TextCursor cursor)
    {
        cursor.Advance();
        var builder = new StringBuilder();
        while (true)
        {
            var c = cursor.Current;
            if (cursor.AtEnd || c == '\n')
            {
                throw cursor.Error("unterminated string");
            }

            if (c < ' ' && c != '\t')
            {
                throw cursor.Error("control character in a string");
            }

            cursor.Advance();
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c == '\\')
            {
                ReadEscape(cursor, builder);
            }
            else
            {
                builder.Append(c);
            }
        }
    }

    private static void ReadEscape(TextCursor cursor, StringBuilder builder)
    {
        var escape = cursor.Current;
        int line = cursor.Line, backslash = cursor.Column - 1; // an invalid escape is reported where it starts
        cursor.Advance();
        switch (escape)
        {
            case '"': builder.Append('"'); break;
            case '\\': builder.Append('\\'); break;
            case 'b': builder.Append('\b'); break;
            case 'f': builder.Append('\f'); break;
            case 'n': builder.Append('\n'); break;
            case 'r': builder.Append('\r'); break;
            case 't': builder.Append('\t'); break;
            case 'u': cursor.ReadUnicodeEscape(builder, 4); break;
            case 'U': cursor.ReadUnicodeEscape(builder, 8); break;
            default: throw new ConfigSyntaxException($"invalid escape '\\{TextCursor.Describe(escape)}'", line, backslash);
        }
    }

    public static string ReadLiteralString(TextCursor cursor)
    {
        cursor.Advance();
        var builder = new StringBuilder();
        while (cursor.Current != '\'')
        {
            if (cursor.AtEnd || cursor.Current == '\n')
            {
                throw cursor.Error("unterminated literal string");
            }

            builder.Append(cursor.Current);
            cursor.Advance();
        }

        cursor.Advance();
        return builder.ToString();
    }

    public static string ReadMultilineString(TextCursor cursor, bool literal)
    {
        var quote = literal ? "'''" : "\"\"\"";
        cursor.Advance(3);
        if (cursor.StartsWith("\r\n"))
        {
            cursor.Advance(2);
        }
        else if (cursor.Current == '\n')
        {
            cursor.Advance();
        }

        var builder = new StringBuilder();
        while (!cursor.StartsWith(quote))
        {
            if (cursor.AtEnd)
            {
                throw cursor.Error("unterminated multi-line string");
            }

            var c = cursor.Current;
            cursor.Advance();
            if (c == '\\' && !literal)
            {
                if (cursor.Current is ' ' or '\t' or '\r' or '\n')
                {
                    // A line-ending backslash trims the newline and the whitespace that follows.
                    while (cursor.Current is ' ' or '\t' or '\r' or '\n')
                    {
                        cursor.Advance();
                    }
                }
                else
                {
                    ReadEscape(cursor, builder);
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        cursor.Advance(3);
        // Up to two quotes right before the closing delimiter belong to the string.
        for (var i = 0; i < 2 && cursor.Current == quote[0]; i++)
        {
            builder.Append(quote[0]);
            cursor.Advance();
        }

        return builder.ToString();
    }
}
