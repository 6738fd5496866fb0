using System.Linq;
using Microsoft.CodeAnalysis;

namespace WorkerSockets.Generators.Parsing;

/// <summary>Fully qualified metadata names the generator and analyzer look for.</summary>
internal static class KnownNames
{
    public const string WorkerAttribute = "WorkerSockets.WorkerAttribute";
    public const string WorkerEnvAttribute = "WorkerSockets.WorkerEnvAttribute";
    public const string VarAttribute = "WorkerSockets.VarAttribute";
    public const string SecretAttribute = "WorkerSockets.SecretAttribute";
    public const string HyperdriveAttribute = "WorkerSockets.HyperdriveAttribute";
    public const string Hyperdrive = "global::WorkerSockets.Hyperdrive";
    public const string WorkerContext = "global::WorkerSockets.WorkerContext";
    public const string HttpRequestMessage = "global::System.Net.Http.HttpRequestMessage";
    public const string WorkerSocket = "global::WorkerSockets.WorkerSocket";
    public const string PlainTask = "global::System.Threading.Tasks.Task";
    public const string PlainValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string HttpResponseMessage = "global::System.Net.Http.HttpResponseMessage";
    public const string Task = "global::System.Threading.Tasks.Task<TResult>";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask<TResult>";

    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string Display(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    public static bool Is(AttributeData attribute, string metadataName) =>
        attribute.AttributeClass?.ToDisplayString() == metadataName;

    /// <summary>
    /// Whether every declaration of the symbol is in a file this generator wrote: the analyzer runs on the compilation
    /// with generated code, the generator on the one without, and both must see the same user-declared members.
    /// </summary>
    public static bool IsGeneratedByThisGenerator(ISymbol symbol)
    {
        var generator = typeof(WorkerSocketsGenerator).FullName!;
        return symbol.Locations.Length > 0 && symbol.Locations.All(l => l.SourceTree?.FilePath.IndexOf(generator, System.StringComparison.Ordinal) >= 0);
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute, metadataName))
            {
                return true;
            }
        }

        return false;
    }
}
