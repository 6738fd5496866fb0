using System.Globalization;
using System.Text;

namespace WorkerSockets.Generators.Config;

/// <summary>
/// A strict reader of JSON with comments and trailing commas (wrangler.json / wrangler.jsonc).
/// Hand-written because System.Text.Json is not loadable in every compiler host from netstandard2.0.
/// </summary>
internal static class JsoncReader
{
    public static ConfigNode Parse(string text)
    {
        var cursor = new TextCursor(text);
        SkipTrivia(cursor);
        var root = ReadValue(cursor, 0);
        SkipTrivia(cursor);
        if (!cursor.AtEnd)
        {
            throw cursor.Error($"unexpected {TextCursor.Found(cursor.Current)} after the end of the document");
        }

        return root;
    }

    private static ConfigNode ReadValue(TextCursor cursor, int depth)
    {
        if (depth > TextCursor.MaxDepth)
        {
            throw cursor.Error($"values are nested deeper than {TextCursor.MaxDepth} levels");
        }

        int line = cursor.Line, column = cursor.Column;
        switch (cursor.Current)
        {
            case '{':
                return ReadObject(cursor, depth);
            case '[':
                return ReadArray(cursor, depth);
            case '"':
                return ConfigNode.String(ReadString(cursor), line, column);
            case 't' when cursor.StartsWith("true"):
                cursor.Advance(4);
                return ConfigNode.Bool(true, line, column);
            case 'f' when cursor.StartsWith("false"):
                cursor.Advance(5);
                return ConfigNode.Bool(false, line, column);
            case 'n' when cursor.StartsWith("null"):
                cursor.Advance(4);
                return ConfigNode.Null(line, column);
            case '-':
            case >= '0' and <= '9':
                return ReadNumber(cursor);
            default:
                throw cursor.AtEnd ? cursor.Error("expected a value but the file ended") : cursor.Error(UnexpectedValue(cursor));
        }
    }

    /// <summary>What is wrong where a value should start: JavaScript's quotes or words, named as such.</summary>
    private static string UnexpectedValue(TextCursor cursor)
    {
        if (cursor.Current == '\'')
        {
            return "strings need double quotes in JSON, not single ones";
        }

        if (!char.IsLetter(cursor.Current))
        {
            return $"unexpected {TextCursor.Found(cursor.Current)}";
        }

        var word = new System.Text.StringBuilder();
        for (var i = 0; i < 40 && char.IsLetterOrDigit(cursor.Peek(i)); i++)
        {
            word.Append(cursor.Peek(i));
        }

        var text = word.ToString();
        return text is "True" or "False" or "TRUE" or "FALSE" or "Null" or "NULL"
            ? $"'{text}' is not a JSON value: write {text.ToLowerInvariant()}"
            : $"'{text}' is not a JSON value: text needs double quotes (\"{text}\")";
    }

    private static ConfigNode ReadObject(TextCursor cursor, int depth)
    {
        var node = ConfigNode.Table(cursor.Line, cursor.Column);
        cursor.Advance();
        SkipTrivia(cursor);
        while (cursor.Current != '}')
        {
            if (cursor.Current != '"')
            {
                throw cursor.AtEnd ? cursor.Error("expected '}' but the file ended") : cursor.Error("expected a property name in double quotes");
            }

            var key = ReadString(cursor);
            SkipTrivia(cursor);
            cursor.Expect(':');
            SkipTrivia(cursor);
            node.Set(key, ReadValue(cursor, depth + 1));
            SkipTrivia(cursor);
            if (cursor.Current == ',')
            {
                cursor.Advance();
                SkipTrivia(cursor);
            }
            else if (cursor.Current != '}')
            {
                throw cursor.AtEnd ? cursor.Error("expected '}' but the file ended") : cursor.Error("expected ',' or '}'");
            }
        }

        cursor.Advance();
        return node;
    }

    private static ConfigNode ReadArray(TextCursor cursor, int depth)
    {
        var node = ConfigNode.Array(cursor.Line, cursor.Column);
        cursor.Advance();
        SkipTrivia(cursor);
        while (cursor.Current != ']')
        {
            if (cursor.AtEnd)
            {
                throw cursor.Error("expected ']' but the file ended");
            }

            node.Items.Add(ReadValue(cursor, depth + 1));
            SkipTrivia(cursor);
            if (cursor.Current == ',')
            {
                cursor.Advance();
                SkipTrivia(cursor);
            }
            else if (cursor.Current != ']')
            {
                throw cursor.AtEnd ? cursor.Error("expected ']' but the file ended") : cursor.Error("expected ',' or ']'");
            }
        }

        cursor.Advance();
        return node;
    }

    private static string ReadString(TextCursor cursor)
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

            if (c < ' ')
            {
                throw cursor.Error("control character in a string");
            }

            cursor.Advance();
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            var escape = cursor.Current;
            int line = cursor.Line, backslash = cursor.Column - 1; // an invalid escape is reported where it starts
            cursor.Advance();
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u': cursor.ReadUnicodeEscape(builder, 4); break;
                default: throw new ConfigSyntaxException($"invalid escape '\\{TextCursor.Describe(escape)}'", line, backslash);
            }
        }
    }

    private static ConfigNode ReadNumber(TextCursor cursor)
    {
        int line = cursor.Line, column = cursor.Column;
        var builder = new StringBuilder();
        var isFloat = false;
        if (cursor.Current == '-')
        {
            builder.Append('-');
            cursor.Advance();
        }

        if (cursor.Current == '0' && cursor.Peek() is >= '0' and <= '9')
        {
            throw cursor.Error("numbers may not have leading zeros");
        }

        ReadDigits(cursor, builder);
        if (cursor.Current == '.')
        {
            isFloat = true;
            builder.Append('.');
            cursor.Advance();
            ReadDigits(cursor, builder);
        }

        if (cursor.Current is 'e' or 'E')
        {
            isFloat = true;
            builder.Append('e');
            cursor.Advance();
            if (cursor.Current is '+' or '-')
            {
                builder.Append(cursor.Current);
                cursor.Advance();
            }

            ReadDigits(cursor, builder);
        }

        var text = builder.ToString();
        if (!isFloat && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return ConfigNode.Int(integer, line, column);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !double.IsInfinity(real)
            ? ConfigNode.Real(real, line, column)
            : throw new ConfigSyntaxException("number out of range", line, column);
    }

    private static void ReadDigits(TextCursor cursor, StringBuilder builder)
    {
        if (cursor.Current is < '0' or > '9')
        {
            throw cursor.Error("expected a digit");
        }

        while (cursor.Current is >= '0' and <= '9')
        {
            builder.Append(cursor.Current);
            cursor.Advance();
        }
    }

    private static void SkipTrivia(TextCursor cursor)
    {
        while (!cursor.AtEnd)
        {
            var c = cursor.Current;
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
            {
                cursor.Advance();
            }
            else if (c == '/' && cursor.Peek() == '/')
            {
                while (!cursor.AtEnd && cursor.Current != '\n')
                {
                    cursor.Advance();
                }
            }
            else if (c == '/' && cursor.Peek() == '*')
            {
                int line = cursor.Line, column = cursor.Column;
                cursor.Advance(2);
                while (!(cursor.Current == '*' && cursor.Peek() == '/'))
                {
                    if (cursor.AtEnd)
                    {
                        throw new ConfigSyntaxException("unterminated comment", line, column);
                    }

                    cursor.Advance();
                }

                cursor.Advance(2);
            }
            else
            {
                return;
            }
        }
    }
}
