using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Generators.Diagnostics;

namespace WorkerSockets.Generators.Tests.Infrastructure;

/// <summary>
/// What a newcomer meets when one config file sits beside an empty <c>[WorkerEnv] partial class Env</c>: the compiler's
/// own diagnostics on the output (warnings included), the Env members the generator added, and the WSK1xx diagnostics.
/// </summary>
internal sealed record ConfigRun(
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilerDiagnostics,
    IReadOnlyDictionary<string, string> Members,
    ImmutableArray<Diagnostic> BindingDiagnostics,
    Compilation Output)
{
    public const string EnvSource = """
        using WorkerSockets;

        namespace App;

        [WorkerEnv]
        public partial class Env
        {
        }
        """;

    /// <summary>Every compiler warning wave on, as a current SDK project (AnalysisLevel latest) has them.</summary>
    private static Compilation SdkWarnings(Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation) =>
        compilation.WithOptions(compilation.Options.WithWarningLevel(9999));

    /// <summary>Runs the generator and the analyzer over <paramref name="text"/> given as <paramref name="path"/>.</summary>
    public static async Task<ConfigRun> RunAsync(string path, string text, string source = EnvSource)
    {
        var additional = ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(path, text));
        GeneratorHarness.CreateDriver(additional)
            .RunGeneratorsAndUpdateCompilation(SdkWarnings(GeneratorHarness.Compile(source)), out var output, out var generatorDiagnostics);

        // Every warning counts: a consumer builds with TreatWarningsAsErrors and nullable on.
        var compilerDiagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        var env = output.GetTypeByMetadataName("App.Env");
        var members = env is null
            ? new Dictionary<string, string>()
            : env.GetMembers().OfType<IPropertySymbol>()
                .Where(p => p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic)
                .ToDictionary(p => p.Name, p => p.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), StringComparer.Ordinal);

        var analyzers = output.WithAnalyzers(
            [new WorkerBindingsAnalyzer()],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(additional), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var bindingDiagnostics = await analyzers.GetAnalyzerDiagnosticsAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new ConfigRun(
            generatorDiagnostics,
            compilerDiagnostics,
            members,
            [.. bindingDiagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition)],
            output);
    }
}
