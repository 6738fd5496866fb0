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
            throw cursor.AtEnd ? cursor.Error("expected a value but the file ended") : cursor.Error($"expected a value but found '{TextCursor.Describe(cursor.Current)}'");
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

        throw new ConfigSyntaxException($"invalid value '{(token.Length > 40 ? token.Substring(0, 40) + "…" : token)}'", line, column);
    }

    private static bool LooksLikeDateTimeWithSpace(StringBuilder builder, TextCursor cursor) =>
        builder.Length == 10 && builder[4] == '-' && builder[7] == '-' && char.IsDigit(cursor.Peek());
}
