using System.Globalization;
using System.Text;

namespace WorkerSockets.Generators.Emit;

/// <summary>
/// Quoting for C# string literals and XML doc text. Config values are arbitrary Unicode: anything that could end a
/// line (U+0085, U+2028, U+2029), reorder how code reads (bidi controls), or is invisible is written as an escape.
/// </summary>
internal static class Literals
{
    public static string String(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\0': builder.Append("\\0"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default: i = AppendSafeOrEscaped(builder, value, i); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Text for a one-line <c>///</c> comment: XML-escaped, with line breaks and unsafe characters as <c>\uXXXX</c>.</summary>
    public static string Xml(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default: i = AppendSafeOrEscaped(builder, value, i); break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Appends <c>value[i]</c> (with its low surrogate) when safe, else its escape; returns the last index used.</summary>
    private static int AppendSafeOrEscaped(StringBuilder builder, string value, int i)
    {
        var c = value[i];
        if (!IsSafe(value, i))
        {
            AppendEscape(builder, c);
            return i;
        }

        builder.Append(c);
        if (char.IsHighSurrogate(c))
        {
            builder.Append(value[++i]);
        }

        return i;
    }

    /// <summary>A doc-friendly preview of a default: short, one line, safe in a comment.</summary>
    public static string Preview(string value)
    {
        var oneLine = value.Replace("\r", " ").Replace("\n", " ");
        if (oneLine.Length > 60)
        {
            // Never cut a surrogate pair in half.
            var cut = char.IsHighSurrogate(oneLine[59]) ? 59 : 60;
            oneLine = oneLine.Substring(0, cut) + "…";
        }

        return Xml(oneLine);
    }

    /// <summary>
    /// Whether the character at <paramref name="index"/> can appear as itself: not a control, format (bidi, zero-width),
    /// line or paragraph separator, unassigned or private-use character, and not half of a surrogate pair.
    /// </summary>
    private static bool IsSafe(string value, int index)
    {
        var c = value[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]) &&
                CharUnicodeInfo.GetUnicodeCategory(value, index) is not (UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Format);
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse => false,
            _ => true,
        };
    }

    private static void AppendEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
}
