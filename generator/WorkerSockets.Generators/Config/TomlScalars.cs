using System.Text;

namespace WorkerSockets.Generators.Config;

/// <summary>TOML's bare values (integers, floats, date-times): one token up to the next delimiter, then classified.</summary>
internal static class TomlScalars
{
    public static ConfigNode Read(TextCursor cursor)
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
            throw cursor.AtEnd ? cursor.Error("expected a value but the file ended") : cursor.Error($"expected a value but found {TextCursor.Found(cursor.Current)}");
        }

        if (TomlNumbers.TryParseInteger(token, out var integer, out var outOfRange))
        {
            return ConfigNode.Int(integer, line, column);
        }

        if (outOfRange)
        {
            // TOML: an integer that cannot be represented losslessly is an error; the reader reports it at the value.
            return ConfigNode.OutOfRangeInt(token, line, column);
        }

        if (TomlNumbers.TryParseFloat(token, out var real))
        {
            return ConfigNode.Real(real, line, column);
        }

        if (TomlDates.LooksLikeDateTime(token))
        {
            return TomlDates.ToJson(token) is { } json
                ? ConfigNode.DateTime(json, line, column)
                : throw new ConfigSyntaxException($"invalid date-time '{token}'", line, column);
        }

        throw new ConfigSyntaxException($"invalid value '{(token.Length > 40 ? token.Substring(0, 40) + "…" : token)}'{Hint(token)}", line, column);
    }

    /// <summary>What the token was probably meant to be: text without its quotes, a capitalised boolean, a zero-padded number.</summary>
    private static string Hint(string token)
    {
        if (token is "True" or "TRUE" or "False" or "FALSE")
        {
            return $": TOML booleans are lower case ({token.ToLowerInvariant()})";
        }

        if (token.Length > 1 && token[0] == '0' && TomlNumbers.TryParseInteger(token.TrimStart('0'), out _, out _))
        {
            return $": TOML integers have no leading zeros; write {token.TrimStart('0')}, or quote it (\"{token}\") to keep it text";
        }

        return token.Length > 0 && (char.IsLetter(token[0]) || token[0] == '_' || token[0] == '/' || token[0] == '.')
            ? $": text needs quotes (\"{(token.Length > 40 ? token.Substring(0, 40) + "…" : token)}\")"
            : "";
    }

    private static bool LooksLikeDateTimeWithSpace(StringBuilder builder, TextCursor cursor) =>
        builder.Length == 10 && builder[4] == '-' && builder[7] == '-' && char.IsDigit(cursor.Peek());
}
