using System.Text;

namespace WorkerSockets.Generators.Model;

/// <summary>Binding-name rules and the binding-name to property-name mapping (<c>API_HOST</c> → <c>ApiHost</c>).</summary>
internal static class Naming
{
    /// <summary>What <see cref="IsValidBindingName"/> accepts, as messages say it.</summary>
    public const string BindingNameRule = "use letters, digits, '_', '-' or '.', starting with a letter or '_'";

    /// <summary>
    /// A binding name is a name a <c>.dev.vars</c> line and a configuration key can hold: a letter or <c>_</c>, then
    /// letters, digits, <c>_</c>, <c>-</c> or <c>.</c> (wrangler accepts <c>"X-API-VERSION"</c>; its property is
    /// <c>XApiVersion</c>). Not a space, nor <c>:</c>, which configuration reads as a section separator.
    /// </summary>
    public static bool IsValidBindingName(string? name)
    {
        if (name is null || name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>PascalCase of a binding or JSON name: words split at <c>_</c>, <c>-</c>, spaces and dots; an all-caps word is lowered after its first letter.</summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var words = name.Split('_', '-', ' ', '.');
        foreach (var word in words)
        {
            if (word.Length == 0)
            {
                continue;
            }

            var allUpper = true;
            foreach (var c in word)
            {
                if (char.IsLower(c))
                {
                    allUpper = false;
                    break;
                }
            }

            builder.Append(char.ToUpperInvariant(word[0]));
            foreach (var c in word.Substring(1))
            {
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(allUpper ? char.ToLowerInvariant(c) : c);
                }
            }
        }

        if (builder.Length == 0 || !char.IsLetter(builder[0]))
        {
            builder.Insert(0, '_');
        }

        for (var i = 0; i < builder.Length; i++)
        {
            if (!char.IsLetterOrDigit(builder[i]) && builder[i] != '_')
            {
                builder[i] = '_';
            }
        }

        return builder.ToString();
    }
}
