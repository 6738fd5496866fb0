using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Analyzers.Model;
using WorkerSockets.Analyzers.Tests.Verifiers;

namespace WorkerSockets.Analyzers.Tests;

public class AnalyzerCatalogTests
{
    internal static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } =
    [
        .. typeof(WorkerSocketsAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.Name)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors => AllAnalyzers.SelectMany(a => a.SupportedDiagnostics);

    [Fact]
    public void Every_rule_from_WSK001_to_WSK010_has_exactly_one_analyzer()
    {
        var ids = AllDescriptors.Select(d => d.Id).OrderBy(id => id).ToArray();
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"WSK{n:000}"), ids);
    }

    [Fact]
    public void Every_help_link_points_at_an_existing_rule_page()
    {
        foreach (var descriptor in AllDescriptors)
        {
            Assert.StartsWith(RuleIdentifiers.HelpLinkBase, descriptor.HelpLinkUri, StringComparison.Ordinal);
            var relative = descriptor.HelpLinkUri.Substring(RuleIdentifiers.HelpLinkBase.Length);
            Assert.Equal(descriptor.Id + ".md", relative);
            var page = Path.Combine(RepositoryPaths.Root, "docs", "rules", relative);
            Assert.True(File.Exists(page), $"{descriptor.Id}: {page} does not exist");
            Assert.StartsWith("# " + descriptor.Id, File.ReadAllText(page), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_rule_is_listed_in_the_unshipped_release_notes_with_its_severity()
    {
        var notes = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "analyzers", "WorkerSockets.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in AllDescriptors)
        {
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", notes, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_compilation_without_WorkerSockets_registers_no_actions()
    {
        var compilation = CSharpCompilation.Create(
            "NoWorkerSockets",
            [CSharpSyntaxTree.ParseText("class C { async System.Threading.Tasks.Task M() { await System.Threading.Tasks.Task.Delay(1).ConfigureAwait(false); } }")],
            TestReferences.NetWithoutWorkerSockets,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var withAnalyzers = compilation.WithAnalyzers(AllAnalyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));

        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        Assert.Empty(diagnostics);
        foreach (var analyzer in AllAnalyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            Assert.Equal(1, telemetry.CompilationStartActionsCount);
            Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount
                + telemetry.SyntaxNodeActionsCount + telemetry.SymbolActionsCount + telemetry.CompilationEndActionsCount);
        }
    }

    [Fact]
    public async Task A_compilation_with_WorkerSockets_registers_actions()
    {
        var compilation = CSharpCompilation.Create(
            "WithWorkerSockets",
            [CSharpSyntaxTree.ParseText("class C { }")],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var withAnalyzers = compilation.WithAnalyzers(AllAnalyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        foreach (var analyzer in AllAnalyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            Assert.True(telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount > 0, analyzer.GetType().Name);
        }
    }
}
