using System.Text.RegularExpressions;

namespace WorkerSockets.Hosting.DevVars;

/// <summary>
/// Parses a <c>.dev.vars</c> file exactly as <c>wrangler dev</c> does (it uses the <c>dotenv</c> package's <c>parse</c>):
/// <c>KEY=value</c> or <c>KEY: value</c> lines, an optional <c>export</c> prefix, <c>#</c> comments, values in single,
/// double or back quotes (which may span lines; <c>\n</c> and <c>\r</c> are expanded only inside double quotes); the
/// last of repeated keys wins.
/// </summary>
internal static partial class DevVarsParser
{
    // dotenv's LINE expression, with JavaScript's ASCII-only \w spelled out.
    [GeneratedRegex("""(?:^|^)\s*(?:export\s+)?([A-Za-z0-9_.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)""", RegexOptions.Multiline)]
    private static partial Regex Line();

    [GeneratedRegex("""^(['"`])([\s\S]*)\1$""", RegexOptions.Multiline)]
    private static partial Regex Quoted();

    public static Dictionary<string, string?> Parse(string text)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (Match match in Line().Matches(text))
        {
            var value = match.Groups[2].Value.Trim();
            var quote = value.Length > 0 ? value[0] : '\0';
            value = Quoted().Replace(value, "$2");
            if (quote == '"')
                value = value.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\r", "\r", StringComparison.Ordinal);
            values[match.Groups[1].Value] = value;
        }

        return values;
    }
}
