using Microsoft.CodeAnalysis.CSharp;

namespace WorkerSockets.Generators.Emit;

/// <summary>Quoting for C# string literals and XML doc text.</summary>
internal static class Literals
{
    public static string String(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A doc-friendly preview of a default: short, one line.</summary>
    public static string Preview(string value)
    {
        var oneLine = value.Replace("\r", " ").Replace("\n", " ");
        return Xml(oneLine.Length > 60 ? oneLine.Substring(0, 60) + "…" : oneLine);
    }
}
