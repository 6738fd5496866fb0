using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WorkerSockets.Generators.Config;

/// <summary>
/// A strict reader of the TOML 1.0 subset wrangler.toml uses: tables, arrays of tables, dotted and quoted keys,
/// all four string forms, integers, floats, booleans, date-times (kept as text), arrays and inline tables.
/// Hand-written because Tomlyn 2.x (netstandard2.0) references System.Text.Json 10.0.0.0, which the .NET Framework
/// compiler in Visual Studio 17.14 cannot load.
/// </summary>
internal static class TomlReader
{
    public static ConfigNode Parse(string text)
    {
        var cursor = new TextCursor(text);
        var root = ConfigNode.Table(0, 0);
        var current = root;
        var depth = 0;
        if (cursor.Current == '\uFEFF')
        {
            cursor.Advance();
        }

        while (true)
        {
            SkipBlank(cursor, newlines: true);
            if (cursor.AtEnd)
            {
                return root;
            }

            if (cursor.Current == '[')
            {
                current = ReadHeader(cursor, root, out depth);
            }
            else
            {
                ReadKeyValue(cursor, current, depth);
            }

            EndOfLine(cursor);
        }
    }

    private static ConfigNode ReadHeader(TextCursor cursor, ConfigNode root, out int depth)
    {
        int line = cursor.Line, column = cursor.Column;
        var isArray = cursor.Peek() == '[';
        cursor.Advance(isArray ? 2 : 1);
        var keys = ReadKey(cursor);
        depth = keys.Count;
        cursor.Expect(']');
        if (isArray)
        {
            cursor.Expect(']');
        }

        var table = root;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            table = Descend(cursor, table, keys[i], line, column);
        }

        var last = keys[keys.Count - 1];
        var existing = table.Get(last);
        if (isArray)
        {
            if (existing is null)
            {
                existing = ConfigNode.Array(line, column);
                table.Set(last, existing);
            }
            else if (existing.Kind != ConfigNodeKind.Array || existing.Sealed)
            {
                throw new ConfigSyntaxException($"'{last}' is already defined and is not an array of tables", line, column);
            }

            var element = ConfigNode.Table(line, column);
            existing.Items.Add(element);
            return element;
        }

        if (existing is null)
        {
            var created = ConfigNode.Table(line, column);
            table.Set(last, created);
            return created;
        }

        if (existing.Kind == ConfigNodeKind.Table && existing.Implicit && !existing.Sealed)
        {
            existing.Implicit = false;
            return existing;
        }

        throw new ConfigSyntaxException($"table '{last}' is defined twice", line, column);
    }

    private static ConfigNode Descend(TextCursor cursor, ConfigNode table, string key, int line, int column)
    {
        var next = table.Get(key);
        if (next is null)
        {
            next = ConfigNode.Table(line, column);
            next.Implicit = true;
            table.Set(key, next);
            return next;
        }

        if (next.Kind == ConfigNodeKind.Array && !next.Sealed && next.Items.Count > 0)
        {
            return next.Items[next.Items.Count - 1];
        }

        if (next.Kind != ConfigNodeKind.Table || next.Sealed)
        {
            throw new ConfigSyntaxException($"'{key}' is already defined as a value and cannot be a table", line, column);
        }

        return next;
    }

    private static void ReadKeyValue(TextCursor cursor, ConfigNode table, int depth)
    {
        int line = cursor.Line, column = cursor.Column;
        var keys = ReadKey(cursor);
        cursor.Expect('=');
        SkipBlank(cursor, newlines: false);
        for (var i = 0; i < keys.Count - 1; i++)
        {
            table = Descend(cursor, table, keys[i], line, column);
        }

        var last = keys[keys.Count - 1];
        if (table.Get(last) is not null)
        {
            throw new ConfigSyntaxException($"key '{last}' is defined twice", line, column);
        }

        // Dotted keys nest as deep as brackets do, so they count toward the depth limit.
        table.Set(last, ReadValue(cursor, depth + keys.Count - 1));
    }

    private static List<string> ReadKey(TextCursor cursor)
    {
        var keys = new List<string>();
        while (true)
        {
            SkipBlank(cursor, newlines: false);
            var c = cursor.Current;
            if (c == '"')
            {
                keys.Add(ReadBasicString(cursor));
            }
            else if (c == '\'')
            {
                keys.Add(ReadLiteralString(cursor));
            }
            else if (IsBareKeyChar(c))
            {
                var builder = new StringBuilder();
                while (IsBareKeyChar(cursor.Current))
                {
                    builder.Append(cursor.Current);
                    cursor.Advance();
                }

                keys.Add(builder.ToString());
            }
            else
            {
                throw cursor.AtEnd ? cursor.Error("expected a key but the file ended") : cursor.Error($"expected a key but found '{TextCursor.Describe(c)}'");
            }

            SkipBlank(cursor, newlines: false);
            if (cursor.Current != '.')
            {
                return keys;
            }

            if (keys.Count >= TextCursor.MaxDepth)
            {
                throw cursor.Error($"keys are nested deeper than {TextCursor.MaxDepth} levels");
            }

            cursor.Advance();
        }
    }

    private static bool IsBareKeyChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    private static ConfigNode ReadValue(TextCursor cursor, int depth)
    {
        if (depth > TextCursor.MaxDepth)
        {
            throw cursor.Error($"values are nested deeper than {TextCursor.MaxDepth} levels");
        }

        int line = cursor.Line, column = cursor.Column;
        var c = cursor.Current;
        if (cursor.StartsWith("\"\"\""))
        {
            return ConfigNode.String(ReadMultilineString(cursor, literal: false), line, column);
        }

        if (cursor.StartsWith("'''"))
        {
            return ConfigNode.String(ReadMultilineString(cursor, literal: true), line, column);
        }

        switch (c)
        {
            case '"':
                return ConfigNode.String(ReadBasicString(cursor), line, column);
            case '\'':
                return ConfigNode.String(ReadLiteralString(cursor), line, column);
            case '[':
                return ReadArray(cursor, depth);
            case '{':
                return ReadInlineTable(cursor, depth);
            case 't' when cursor.StartsWith("true"):
                cursor.Advance(4);
                return ConfigNode.Bool(true, line, column);
            case 'f' when cursor.StartsWith("false"):
                cursor.Advance(5);
                return ConfigNode.Bool(false, line, column);
            default:
                return ReadScalarToken(cursor);
        }
    }

    private static ConfigNode ReadArray(TextCursor cursor, int depth)
    {
        var node = ConfigNode.Array(cursor.Line, cursor.Column);
        node.Sealed = true;
        cursor.Advance();
        while (true)
        {
            SkipBlank(cursor, newlines: true);
            if (cursor.Current == ']')
            {
                cursor.Advance();
                return node;
            }

            if (cursor.AtEnd)
            {
                throw cursor.Error("expected ']' but the file ended");
            }

            node.Items.Add(ReadValue(cursor, depth + 1));
            SkipBlank(cursor, newlines: true);
            if (cursor.Current == ',')
            {
                cursor.Advance();
            }
            else if (cursor.Current != ']')
            {
                throw cursor.AtEnd ? cursor.Error("expected ']' but the file ended") : cursor.Error("expected ',' or ']'");
            }
        }
    }

    private static ConfigNode ReadInlineTable(TextCursor cursor, int depth)
    {
        var node = ConfigNode.Table(cursor.Line, cursor.Column);
        cursor.Advance();
        SkipBlank(cursor, newlines: false);
        if (cursor.Current == '}')
        {
            cursor.Advance();
            node.Sealed = true;
            return node;
        }

        while (true)
        {
            ReadKeyValue(cursor, node, depth + 1);
            SkipBlank(cursor, newlines: false);
            if (cursor.Current == '}')
            {
                cursor.Advance();
                node.Sealed = true;
                return node;
            }

            if (cursor.Current != ',')
            {
                throw cursor.AtEnd ? cursor.Error("expected '}' but the file ended") : cursor.Error("expected ',' or '}' in an inline table");
            }

            cursor.Advance();
            SkipBlank(cursor, newlines: false);
        }
    }

    private static string ReadBasicString(TextCursor cursor)
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
            default: throw cursor.Error($"invalid escape '\\{TextCursor.Describe(escape)}'");
        }
    }

    private static string ReadLiteralString(TextCursor cursor)
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

    private static string ReadMultilineString(TextCursor cursor, bool literal)
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

    private static ConfigNode ReadScalarToken(TextCursor cursor)
    {
        int line = cursor.Line, column = cursor.Column;
        var builder = new StringBuilder();
        while (!cursor.AtEnd && cursor.Current is not (',' or ']' or '}' or '\n' or '\r' or '#' or '\t')
            && !(cursor.Current == ' ' && !LooksLikeDateTimeWithSpace(builder, cursor)))
        {
            builder.Append(cursor.Current);
            cursor.Advance();
        }

        var token = builder.ToString();
        if (token.Length == 0)
        {
            throw cursor.AtEnd ? cursor.Error("expected a value but the file ended") : cursor.Error($"expected a value but found '{TextCursor.Describe(cursor.Current)}'");
        }

        if (TryParseInteger(token, out var integer))
        {
            return ConfigNode.Int(integer, line, column);
        }

        if (TryParseFloat(token, out var real))
        {
            return ConfigNode.Real(real, line, column);
        }

        if (token.Length >= 8 && char.IsDigit(token[0]) && (token.IndexOf('-') == 4 || token.IndexOf(':') == 2))
        {
            return ConfigNode.DateTime(token, line, column);
        }

        throw new ConfigSyntaxException($"invalid value '{(token.Length > 40 ? token.Substring(0, 40) + "…" : token)}'", line, column);
    }

    private static bool LooksLikeDateTimeWithSpace(StringBuilder builder, TextCursor cursor) =>
        builder.Length == 10 && builder[4] == '-' && builder[7] == '-' && char.IsDigit(cursor.Peek());

    private static bool TryParseInteger(string token, out long value)
    {
        value = 0;
        var sign = 1;
        var body = token;
        if (body.StartsWith("+") || body.StartsWith("-"))
        {
            sign = body[0] == '-' ? -1 : 1;
            body = body.Substring(1);
        }

        var radix = 10;
        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            if (!ReferenceEquals(body, token))
            {
                return false;
            }

            radix = body[1] == 'x' ? 16 : body[1] == 'o' ? 8 : 2;
            body = body.Substring(2);
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            return false;
        }

        if (!ValidUnderscores(body))
        {
            return false;
        }

        body = body.Replace("_", "");
        if (body.Length == 0)
        {
            return false;
        }

        try
        {
            if (radix == 10)
            {
                if (!ulong.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return false;
                }

                value = long.Parse((sign < 0 ? "-" : "") + body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return true;
            }

            foreach (var c in body)
            {
                if (System.Uri.IsHexDigit(c) is false || System.Convert.ToInt32(c.ToString(), 16) >= radix)
                {
                    return false;
                }
            }

            value = System.Convert.ToInt64(body, radix);
            return value >= 0;
        }
        catch (System.OverflowException)
        {
            return false;
        }
        catch (System.FormatException)
        {
            return false;
        }
    }

    private static bool TryParseFloat(string token, out double value)
    {
        value = 0;
        var body = token.TrimStart('+', '-');
        switch (body)
        {
            case "inf":
                value = token[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            case "nan":
                value = double.NaN;
                return true;
        }

        if (body.Length == 0 || !char.IsDigit(body[0]) || !char.IsDigit(body[body.Length - 1]) || !ValidUnderscores(body))
        {
            return false;
        }

        var dot = body.IndexOf('.');
        if (dot >= 0 && !char.IsDigit(body[dot + 1]))
        {
            return false;
        }

        if (body.Length > 1 && body[0] == '0' && char.IsDigit(body[1]))
        {
            return false;
        }

        foreach (var c in body)
        {
            if (!(char.IsDigit(c) || c is '.' or 'e' or 'E' or '+' or '-' or '_'))
            {
                return false;
            }
        }

        return double.TryParse(token.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool ValidUnderscores(string body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '_' && (i == 0 || i == body.Length - 1 || !char.IsLetterOrDigit(body[i - 1]) || !char.IsLetterOrDigit(body[i + 1])))
            {
                return false;
            }
        }

        return true;
    }

    private static void SkipBlank(TextCursor cursor, bool newlines)
    {
        while (!cursor.AtEnd)
        {
            var c = cursor.Current;
            if (c is ' ' or '\t' || (newlines && (c == '\n' || (c == '\r' && cursor.Peek() == '\n'))))
            {
                cursor.Advance();
            }
            else if (c == '#')
            {
                while (!cursor.AtEnd && cursor.Current != '\n' && cursor.Current != '\r')
                {
                    if (cursor.Current < ' ' && cursor.Current != '\t')
                    {
                        throw cursor.Error("control character in a comment");
                    }

                    cursor.Advance();
                }
            }
            else
            {
                return;
            }
        }
    }

    private static void EndOfLine(TextCursor cursor)
    {
        SkipBlank(cursor, newlines: false);
        if (cursor.AtEnd || cursor.Current == '\n')
        {
            return;
        }

        if (cursor.Current == '\r' && cursor.Peek() == '\n')
        {
            cursor.Advance();
            return;
        }

        throw cursor.Error($"expected the end of the line but found '{TextCursor.Describe(cursor.Current)}'");
    }
}
