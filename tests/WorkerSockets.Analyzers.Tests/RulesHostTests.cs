using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Analyzers.Model;
using WorkerSockets.Analyzers.Tests.Verifiers;

namespace WorkerSockets.Analyzers.Tests;

/// <summary>
/// <see cref="WorkerSocketsRulesAnalyzer"/>, the one analyzer the compiler loads, runs every rule behind one
/// registration per operation kind. It must report exactly what the rules report when each runs as its own analyzer.
/// </summary>
public class RulesHostTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> RulesAlone =
    [
        .. typeof(WorkerSocketsAnalyzer).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false } && typeof(WorkerSocketsAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    [Fact]
    public void The_host_carries_every_rule_once()
    {
        Assert.Equal(
            RulesAlone.Select(r => r.GetType()).OrderBy(t => t.Name),
            WorkerSocketsRulesAnalyzer.Rules.Select(r => r.GetType()).OrderBy(t => t.Name));
        Assert.Equal(
            RulesAlone.SelectMany(r => r.SupportedDiagnostics).Select(d => d.Id).Order(),
            new WorkerSocketsRulesAnalyzer().SupportedDiagnostics.Select(d => d.Id).Order());
    }

    [Fact]
    public async Task The_host_reports_exactly_what_the_rules_report_alone_on_the_corpus()
    {
        var compilation = CorpusCompilation();

        var alone = await compilation.WithAnalyzers(RulesAlone).GetAnalyzerDiagnosticsAsync();
        var hosted = await compilation.WithAnalyzers([new WorkerSocketsRulesAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        Assert.NotEmpty(alone);
        Assert.Equal(10, alone.Select(d => d.Id).Distinct().Count());
        Assert.Equal(Describe(alone), Describe(hosted));
    }

    [Fact]
    public async Task The_host_registers_one_driver_action_per_operation_kind()
    {
        var compilation = CSharpCompilation.Create(
            "WithWorkerSockets", [CSharpSyntaxTree.ParseText("class C { }")], TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var host = new WorkerSocketsRulesAnalyzer();
        var hostActions = await OperationActionCount(compilation, host);
        var ruleActions = 0;
        foreach (var rule in RulesAlone)
        {
            ruleActions += await OperationActionCount(compilation, rule);
        }

        // The rules register 15 operation actions over 9 operation kinds; the driver sees one per kind.
        Assert.True(hostActions > 0);
        Assert.True(hostActions < ruleActions, $"host {hostActions}, rules alone {ruleActions}");
        Assert.Equal(DistinctKinds(), hostActions);
    }

    [Fact]
    public async Task A_rule_turned_off_for_the_compilation_registers_nothing_and_the_others_still_report()
    {
        var allOff = RulesAlone.SelectMany(r => r.SupportedDiagnostics).ToDictionary(d => d.Id, _ => ReportDiagnostic.Suppress);
        var compilation = CorpusCompilation();

        var offCompilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(allOff));
        Assert.Equal(0, await OperationActionCount(offCompilation, new WorkerSocketsRulesAnalyzer()));

        var onlyWsk007 = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(allOff.Where(p => p.Key != "WSK007")));
        var hosted = await onlyWsk007.WithAnalyzers([new WorkerSocketsRulesAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var alone = await compilation.WithAnalyzers([new WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.NotEmpty(alone);
        Assert.Equal(Describe(alone), Describe(hosted));
    }

    [Fact]
    public async Task A_rule_that_throws_does_not_keep_the_other_rules_from_the_operation_and_is_still_reported()
    {
        var compilation = CSharpCompilation.Create(
            "Throws", [CSharpSyntaxTree.ParseText("class C { void M() { System.Console.WriteLine(); } }")], TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var failures = new List<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            [new ThrowingThenReporting()],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), (exception, _, _) => failures.Add(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false));

        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        Assert.Contains(diagnostics, d => d.Id == ThrowingThenReporting.Reported.Id);
        var failure = Assert.Single(failures);
        Assert.Equal("rule one failed", failure.Message);
    }

    private static CSharpCompilation CorpusCompilation()
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", "WorkerSockets.Analyzers.Tests", "Corpus");
        var trees = Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: Path.GetFileName(f)));
        return CSharpCompilation.Create(
            "Corpus", trees, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Everything a diagnostic carries that a user or a code fix sees, one line each, in a stable order.</summary>
    private static List<string> Describe(ImmutableArray<Diagnostic> diagnostics)
        =>
        [
            .. diagnostics.Select(d => string.Join(
                    " | ",
                    d.Id,
                    d.Severity,
                    d.Location.GetLineSpan().ToString(),
                    d.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                    string.Join(",", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString())),
                    string.Join(",", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))))
                .Order(StringComparer.Ordinal),
        ];

    private static async Task<int> OperationActionCount(Compilation compilation, DiagnosticAnalyzer analyzer)
    {
        var withAnalyzers = compilation.WithAnalyzers([analyzer], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).OperationActionsCount;
    }

    /// <summary>The operation kinds the rules ask for, read from the rules themselves through a recording context.</summary>
    private static int DistinctKinds()
    {
        var compilation = CSharpCompilation.Create("Kinds", [], TestReferences.All);
        Assert.True(WorkerSocketsSymbols.TryCreate(compilation, out var symbols));
        var recorder = new KindRecorder(compilation);
        foreach (var rule in WorkerSocketsRulesAnalyzer.Rules)
        {
            rule.RegisterRule(recorder, symbols);
        }

        Assert.True(recorder.Actions > recorder.Kinds.Count, "some kind is asked for by more than one rule");
        return recorder.Kinds.Count;
    }

#pragma warning disable RS1001, RS1036, RS2008 // a test's in-memory analyzer
    /// <summary>Two "rules" behind one fan-out: the first throws on every invocation, the second reports it.</summary>
    private sealed class ThrowingThenReporting : DiagnosticAnalyzer
    {
        public static readonly DiagnosticDescriptor Reported = new("TEST001", "t", "t", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Reported];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var fanOut = new OperationActionFanOut(start);
                fanOut.RegisterOperationAction(_ => throw new InvalidOperationException("rule one failed"), OperationKind.Invocation);
                fanOut.RegisterOperationAction(c => c.ReportDiagnostic(Diagnostic.Create(Reported, c.Operation.Syntax.GetLocation())), OperationKind.Invocation);
                fanOut.RegisterWithDriver();
            });
        }
    }
#pragma warning restore RS1001, RS1036, RS2008

    /// <summary>Records the operation actions a rule registers; the rules register nothing else.</summary>
    private sealed class KindRecorder(Compilation compilation) : CompilationStartAnalysisContext(compilation, new AnalyzerOptions([]), CancellationToken.None)
    {
        public HashSet<OperationKind> Kinds { get; } = [];

        public int Actions { get; private set; }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
        {
            Actions++;
            Kinds.UnionWith(operationKinds);
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw new NotSupportedException();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw new NotSupportedException();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw new NotSupportedException();
    }
}
