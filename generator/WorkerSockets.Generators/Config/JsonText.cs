using System.Globalization;
using System.Text;

namespace WorkerSockets.Generators.Config;

/// <summary>Writes a config value as compact JSON: the default that a JSON-object var's reader parses at bind time.</summary>
internal static class JsonText
{
    public static string Write(ConfigNode node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ConfigNode node)
    {
        switch (node.Kind)
        {
            case ConfigNodeKind.String:
            case ConfigNodeKind.DateTime:
                AppendString(builder, node.Text);
                break;
            case ConfigNodeKind.Integer:
                builder.Append(node.OutOfRange ? node.Text.Replace("_", "") : node.Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case ConfigNodeKind.Float:
                builder.Append(double.IsNaN(node.Float) || double.IsInfinity(node.Float) ? "null" : node.Float.ToString("R", CultureInfo.InvariantCulture));
                break;
            case ConfigNodeKind.Boolean:
                builder.Append(node.Boolean ? "true" : "false");
                break;
            case ConfigNodeKind.Null:
                builder.Append("null");
                break;
            case ConfigNodeKind.Array:
                builder.Append('[');
                for (var i = 0; i < node.Items.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    Append(builder, node.Items[i]);
                }

                builder.Append(']');
                break;
            case ConfigNodeKind.Table:
                builder.Append('{');
                for (var i = 0; i < node.Members.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    AppendString(builder, node.Members[i].Key);
                    builder.Append(':');
                    Append(builder, node.Members[i].Value);
                }

                builder.Append('}');
                break;
        }
    }

    private static void AppendString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
