using System.Reflection;

namespace WorkerSockets.Generators.Emit;

/// <summary>The <c>[GeneratedCode]</c> attribute on generated members, naming the package version that wrote them.</summary>
internal static class GeneratedCodeMarker
{
    /// <summary>The package version: the informational version without its <c>+commit</c> suffix.</summary>
    public static readonly string Version = ReadVersion();

    public static readonly string Text = $"[global::System.CodeDom.Compiler.GeneratedCode(\"WorkerSockets.Generators\", {Literals.String(Version)})]";

    private static string ReadVersion()
    {
        var assembly = typeof(GeneratedCodeMarker).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }
}
