using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Generators.Diagnostics;

namespace WorkerSockets.Generators.Tests.Infrastructure;

/// <summary>Builds compilations against the .NET 10 reference assemblies and the runtime, and runs the generator and analyzer on them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly ImmutableArray<MetadataReference> References =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Hyperdrive).Assembly.Location)];

    public static CSharpCompilation Compile(params string[] sources) => Compile(ParseOptions, sources);

    public static CSharpCompilation Compile(CSharpParseOptions parseOptions, params string[] sources) =>
        CSharpCompilation.Create(
            "TestProject",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"/src/File{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText>? files = null, bool trackSteps = false, CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            [new WorkerSocketsGenerator().AsSourceGenerator()],
            additionalTexts: files?.ToImmutableArray() ?? [],
            parseOptions: parseOptions ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns its result and the compilation with the generated code added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(string source, params (string Path, string Text)[] files)
    {
        var driver = CreateDriver(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)));
        driver = driver.RunGeneratorsAndUpdateCompilation(Compile(source), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>Runs the generator and the WSK1xx analyzer; returns the analyzer's diagnostics, ordered by position.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, params (string Path, string Text)[] files)
    {
        var additional = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
        CreateDriver(additional).RunGeneratorsAndUpdateCompilation(Compile(source), out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var analyzers = output.WithAnalyzers(
            [new WorkerBindingsAnalyzer()],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(additional), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await analyzers.GetAnalyzerDiagnosticsAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return [.. diagnostics.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)];
    }

    /// <summary>Compiler errors of the output, except those about missing members the test source leaves undeclared on purpose.</summary>
    public static IReadOnlyList<Diagnostic> Errors(Compilation output) =>
        [.. output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];

    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
