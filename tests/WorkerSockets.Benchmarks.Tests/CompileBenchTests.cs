using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WorkerSockets.CompileBench;

namespace WorkerSockets.Benchmarks.Tests;

/// <summary>The P5/P6 tooling: the generated project is valid C# against the runtime, and the generator harness runs.</summary>
public sealed class CompileBenchTests
{
    [Fact]
    public void Generated_project_mixes_every_kind_of_file()
    {
        var paths = ConsumerProject.Sources(files: 40).Select(s => s.Path).ToList();
        Assert.Equal(40, paths.Count);
        Assert.Contains("AppWorker.cs", paths);
        Assert.Contains("Env.cs", paths);
        Assert.Contains(ConsumerProject.UnrelatedFile, paths);
        foreach (var folder in new[] { "Services/", "Handlers/", "Legacy/", "Helpers/" })
        {
            Assert.Contains(paths, p => p.StartsWith(folder, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Generated_sources_compile_against_the_runtime_without_errors()
    {
        // Without bindings, so the check does not depend on the generator implementing Env's partial properties.
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var globalUsings = CSharpSyntaxTree.ParseText(ConsumerProject.ImplicitUsings, parseOptions);
        var trees = ConsumerProject.Sources(files: 12, withBindings: false)
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path))
            .Append(globalUsings);
        var compilation = CSharpCompilation.Create(
            "Bench.App",
            trees,
            GeneratorTiming.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void Unrelated_edit_changes_the_helper_file()
    {
        var text = ConsumerProject.Sources(files: 40).Single(s => s.Path == ConsumerProject.UnrelatedFile).Text;

        var edited = ConsumerProject.EditUnrelated(text, revision: 1);

        Assert.NotEqual(text, edited);
        Assert.Contains("Revision => 1001", edited, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_timing_harness_runs_and_times_each_edit()
    {
        var report = GeneratorTiming.Run(files: 12, edits: 2);

        // The harness found the real generator, which generated both the worker's and Env's file without complaint
        // (a compilation in which the worker's types do not bind gets only Env's, and times half the generator).
        Assert.Equal(["WorkerSockets.Generators.WorkerSocketsGenerator"], report.Generators);
        Assert.Equal(2, report.GeneratedFiles);
        Assert.Empty(report.GeneratorDiagnostics);

        // One timing per edit, and the edits were unrelated: every tracked step saw them and none re-ran.
        Assert.Equal(2, report.EditRunMs.Count);
        Assert.Equal(2, report.EditGeneratorMs.Count);
        Assert.Equal(2, report.FloorEditRunMs.Count);
        // The generator's own steps are all tracked and none re-ran; Roslyn's internal steps (the compilation itself) do.
        string[] ownSteps = ["Config", "ConfigFiles", "EnvModels", "EnvWithConfig", "WorkerModels"];
        Assert.Equal(ownSteps, report.StepReasonsAfterEdit.Keys.Intersect(ownSteps).Order(StringComparer.Ordinal));
        Assert.Empty(report.StepsThatReran.Intersect(ownSteps));
    }

    [Theory]
    [InlineData(false, 1)]  // what the compiler loads: one host analyzer that runs every rule
    [InlineData(true, 10)]  // --per-rule: each rule as its own analyzer, for a per-rule breakdown
    public void Analyzer_timing_harness_runs_every_rule_and_finds_the_legacy_files_diagnostics(bool perRule, int analyzers)
    {
        var report = AnalyzerTiming.Run(files: 20, rounds: 1, perRule: perRule);

        // One legacy file per ten breaks each of these rules once (and WSK009 twice).
        var legacyFiles = ConsumerProject.Sources(files: 20).Count(s => s.Path.StartsWith("Legacy/", StringComparison.Ordinal));
        Assert.True(legacyFiles > 0);
        foreach (var id in new[] { "WSK001", "WSK002", "WSK003", "WSK006", "WSK007", "WSK008" })
        {
            Assert.Equal(legacyFiles, report.Diagnostics.GetValueOrDefault(id));
        }

        Assert.Equal(2 * legacyFiles, report.Diagnostics.GetValueOrDefault("WSK009"));
        Assert.Equal(analyzers, report.PerAnalyzer.Count);
        Assert.True(report.CompileMs > 0);
    }
}
