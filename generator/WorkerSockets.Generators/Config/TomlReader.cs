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
                keys.Add(TomlStrings.ReadBasicString(cursor));
            }
            else if (c == '\'')
            {
                keys.Add(TomlStrings.ReadLiteralString(cursor));
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
                throw cursor.AtEnd ? cursor.Error("expected a key but the file ended") : cursor.Error($"expected a key but found {TextCursor.Found(c)}");
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
            return ConfigNode.String(TomlStrings.ReadMultilineString(cursor, literal: false), line, column);
        }

        if (cursor.StartsWith("'''"))
        {
            return ConfigNode.String(TomlStrings.ReadMultilineString(cursor, literal: true), line, column);
        }

        switch (c)
        {
            case '"':
                return ConfigNode.String(TomlStrings.ReadBasicString(cursor), line, column);
            case '\'':
                return ConfigNode.String(TomlStrings.ReadLiteralString(cursor), line, column);
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
                return TomlScalars.Read(cursor);
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
            CheckInlineTableLine(cursor);
            ReadKeyValue(cursor, node, depth + 1);
            SkipBlank(cursor, newlines: false);
            if (cursor.Current == '}')
            {
                cursor.Advance();
                node.Sealed = true;
                return node;
            }

            CheckInlineTableLine(cursor);
            if (cursor.Current != ',')
            {
                throw cursor.AtEnd ? cursor.Error("expected '}' but the file ended") : cursor.Error("expected ',' or '}' in an inline table");
            }

            cursor.Advance();
            SkipBlank(cursor, newlines: false);
            if (cursor.Current == '}')
            {
                throw cursor.Error("TOML does not allow a trailing comma in an inline table");
            }
        }
    }

    /// <summary>JSON habits that TOML 1.0 (and wrangler's parser) reject inside <c>{ ... }</c>, named as such.</summary>
    private static void CheckInlineTableLine(TextCursor cursor)
    {
        if (cursor.Current is '\n' or '\r')
        {
            throw cursor.Error("TOML inline tables must stay on one line; use a [table] section for a value over several lines");
        }

        if (cursor.Current == '#')
        {
            throw cursor.Error("TOML does not allow comments inside an inline table");
        }
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

        throw cursor.Error($"expected the end of the line but found {TextCursor.Found(cursor.Current)}" + (cursor.Current == ',' ? " (TOML separates keys by lines, not commas)" : ""));
    }
}
