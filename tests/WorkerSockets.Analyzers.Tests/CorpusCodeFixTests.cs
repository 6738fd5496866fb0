using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WorkerSockets.Analyzers.CodeFixes;
using WorkerSockets.Analyzers.Tests.Verifiers;
using Xunit.Abstractions;

namespace WorkerSockets.Analyzers.Tests;

/// <summary>
/// Applies the first code fix offered for every diagnostic in the corpus (the one <c>dotnet format</c> applies) and
/// checks that the result is not worse: the file still compiles, the fixed diagnostic is gone, and no other rule reports
/// more in that file than before.
/// </summary>
public class CorpusCodeFixTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_first_fix_for_every_corpus_diagnostic_compiles_and_makes_nothing_worse()
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", "WorkerSockets.Analyzers.Tests", "Corpus");
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Corpus",
            "Corpus",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            metadataReferences: TestReferences.All));
        foreach (var file in Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            // Named by the path under Corpus/ (every batch folder), as the score test names them.
            project = project.AddDocument(Path.GetRelativePath(directory, file).Replace('\\', '/'), SourceText.From(File.ReadAllText(file))).Project;
        }

        var providers = typeof(DocumentEditFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToArray();
        Assert.NotEmpty(providers);

        var before = await DiagnosticsAsync(project);
        var applied = 0;
        var problems = new List<string>();
        foreach (var diagnostic in before.Where(d => d.Id.StartsWith("WSK", StringComparison.Ordinal)))
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            var action = await FirstFixAsync(providers, document, diagnostic);
            if (action is null)
            {
                continue;
            }

            applied++;
            var changed = await ApplyAsync(action, project.Solution);
            var fixedDocument = changed.GetDocument(document.Id)!;
            var after = await DiagnosticsAsync(fixedDocument.Project, fixedDocument);
            var where = $"{diagnostic.Id} at {document.Name}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1} ({action.Title})";
            var beforeInFile = before.Where(d => d.Location.SourceTree == diagnostic.Location.SourceTree).ToList();

            // What the fix wrote, for a reader of the test output to judge (one line per change).
            var original = await document.GetTextAsync();
            foreach (var change in await fixedDocument.GetTextChangesAsync(document))
            {
                output.WriteLine($"{where}: '{Flatten(original.ToString(change.Span))}' -> '{Flatten(change.NewText ?? "")}'");
            }

            foreach (var error in after.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("WSK", StringComparison.Ordinal)))
            {
                problems.Add($"{where}: does not compile: {error}");
            }

            foreach (var rule in after.Select(d => d.Id).Where(id => id.StartsWith("WSK", StringComparison.Ordinal)).Distinct())
            {
                var was = beforeInFile.Count(d => d.Id == rule);
                var now = after.Count(d => d.Id == rule);
                if (rule == diagnostic.Id ? now >= was : now > was)
                {
                    problems.Add($"{where}: {rule} went from {was} to {now} in the file");
                }
            }
        }

        output.WriteLine($"{applied} fixes applied, {problems.Count} problems");
        Assert.True(applied >= 20, $"only {applied} fixes were offered on the corpus");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Flatten(string text) => string.Join(" ", text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    private static async Task<CodeAction?> FirstFixAsync(IEnumerable<CodeFixProvider> providers, Document document, Diagnostic diagnostic)
    {
        foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            if (actions.Count > 0)
            {
                return actions[0];
            }
        }

        return null;
    }

    private static async Task<Solution> ApplyAsync(CodeAction action, Solution solution)
    {
        foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
        {
            if (operation is ApplyChangesOperation apply)
            {
                return apply.ChangedSolution;
            }
        }

        return solution;
    }

    /// <summary>Compiler errors and WSK diagnostics of the project, or of one document when <paramref name="only"/> is given.</summary>
    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project, Document? only = null)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var withAnalyzers = compilation.WithAnalyzers(AnalyzerCatalogTests.AllAnalyzers);
        if (only is null)
        {
            var all = await withAnalyzers.GetAllDiagnosticsAsync();
            return [.. all.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id.StartsWith("WSK", StringComparison.Ordinal))];
        }

        var tree = (await only.GetSyntaxTreeAsync())!;
        var model = compilation.GetSemanticModel(tree);
        var analyzerDiagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None);
        return [.. model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), .. analyzerDiagnostics.Where(d => d.Id.StartsWith("WSK", StringComparison.Ordinal))];
    }
}
