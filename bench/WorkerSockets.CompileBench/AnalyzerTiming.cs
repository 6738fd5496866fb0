using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WorkerSockets.CompileBench;

/// <summary>
/// P5 in one process, without MSBuild: the same generated project compiled in memory, then the WSK analyzers run
/// sequentially (no concurrency, so their times are CPU time on one thread, not summed over threads) with the driver's
/// own per-analyzer timing. The baseline is the compiler's own work on the same compilation in the same run: binding
/// every method body (<c>GetDiagnostics</c>) and emitting the assembly.
/// </summary>
public static class AnalyzerTiming
{
    public sealed record Row(string Analyzer, double Ms);

    public sealed record Report(int Files, int Rounds, double CompileMs, double AnalyzersMs, IReadOnlyList<Row> PerAnalyzer, IReadOnlyDictionary<string, int> Diagnostics, double ColdAnalyzersMs, IReadOnlyList<Row> ColdPerAnalyzer, double WallMs, double FloorWallMs)
    {
        public double Share => AnalyzersMs / CompileMs;
    }

    public static Report Run(int files, int rounds, bool concurrent = false, bool perRule = false)
    {
        // As the compiler loads them (one host analyzer), or each rule as its own analyzer for a per-rule breakdown.
        var analyzers = perRule ? LoadRules() : LoadAnalyzers();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ConsumerProject.Sources(files, withBindings: false)
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path))
            .ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ConsumerProject.ImplicitUsings, parseOptions, path: ConsumerProject.ImplicitUsingsFile));
        var references = GeneratorTiming.References();
        CSharpCompilation NewCompilation() => CSharpCompilation.Create(
            "Bench.App",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: concurrent));

        var compile = new List<double>();
        var total = new List<double>();
        var wall = new List<double>();
        var floor = new List<double>();
        var perAnalyzer = analyzers.ToDictionary(a => a, _ => new List<double>());
        var diagnostics = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var cold = new List<Row>();
        for (var round = 0; round <= rounds; round++)
        {
            // Compiler baseline: a fresh compilation, every body bound and the assembly emitted (what Csc does).
            var stopwatch = Stopwatch.StartNew();
            var compilation = NewCompilation();
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            using (var peStream = new MemoryStream())
            {
                compilation.Emit(peStream);
            }

            var compileMs = stopwatch.Elapsed.TotalMilliseconds;
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"the generated project does not compile: {errors[0]}");
            }

            // The floor: one analyzer with a no-op Invocation action, so the driver builds every operation tree (as the
            // SDK's own analyzers make it do in every build) but nothing else. Wall time above it is what WSK adds.
            stopwatch.Restart();
            NewCompilation().WithAnalyzers(
                [new FloorAnalyzer()],
                new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var floorMs = stopwatch.Elapsed.TotalMilliseconds;

            // The analyzers on a fresh compilation of the same trees (so they bind what they need, as in a build).
            stopwatch.Restart();
            var withAnalyzers = NewCompilation().WithAnalyzers(
                analyzers.ToImmutableArray(),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: true));
            var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var wallMs = stopwatch.Elapsed.TotalMilliseconds;
            if (round == 0)
            {
                // The first round pays JIT for the compiler and the analyzers: not counted.
                foreach (var diagnostic in found)
                {
                    diagnostics[diagnostic.Id] = diagnostics.GetValueOrDefault(diagnostic.Id) + 1;
                }

                foreach (var analyzer in analyzers)
                {
                    cold.Add(new Row(Name(analyzer), withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds));
                }

                continue;
            }

            compile.Add(compileMs);
            wall.Add(wallMs);
            floor.Add(floorMs);
            var sum = 0.0;
            foreach (var analyzer in analyzers)
            {
                var ms = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                perAnalyzer[analyzer].Add(ms);
                sum += ms;
            }

            total.Add(sum);
        }

        return new Report(
            files,
            rounds,
            GeneratorTiming.Median(compile),
            GeneratorTiming.Median(total),
            perAnalyzer.Select(p => new Row(Name(p.Key), GeneratorTiming.Median(p.Value)))
                .OrderByDescending(r => r.Ms)
                .ToList(),
            diagnostics,
            cold.Sum(r => r.Ms),
            cold,
            GeneratorTiming.Median(wall),
            GeneratorTiming.Median(floor));
    }

    private static string Name(DiagnosticAnalyzer analyzer) => analyzer.GetType().Name + " (" + string.Join(",", analyzer.SupportedDiagnostics.Select(d => d.Id)) + ")";

    public static void Print(Report report, TextWriter output)
    {
        output.WriteLine($"P5 in process on {report.Files} files, median of {report.Rounds} rounds after a warm-up round (one thread, no concurrency)");
        output.WriteLine($"diagnostics: {string.Join(", ", report.Diagnostics.Select(d => $"{d.Key}={d.Value}"))}");
        output.WriteLine($"compiler (bind every body + emit): {report.CompileMs,9:F1} ms");
        output.WriteLine($"WSK analyzers (driver's timing):   {report.AnalyzersMs,9:F1} ms = {report.Share:P2} of the compiler's time");
        var cold = report.ColdPerAnalyzer.ToDictionary(r => r.Analyzer, r => r.Ms);
        output.WriteLine($"  {"analyzer",-60} {"warm",8}    {"first run (JIT)",8}");
        foreach (var row in report.PerAnalyzer)
        {
            output.WriteLine($"  {row.Analyzer,-60} {row.Ms,8:F1} ms {cold.GetValueOrDefault(row.Analyzer),8:F1} ms");
        }

        output.WriteLine($"  {"all WSK analyzers",-60} {report.AnalyzersMs,8:F1} ms {report.ColdAnalyzersMs,8:F1} ms");
        output.WriteLine($"analysis wall time: WSK {report.WallMs:F1} ms, floor (operation trees only) {report.FloorWallMs:F1} ms; WSK adds {report.WallMs - report.FloorWallMs:F1} ms = {(report.WallMs - report.FloorWallMs) / report.CompileMs:P2} of the compiler's time");
    }

    private static List<DiagnosticAnalyzer> LoadAnalyzers() => GeneratorTiming.LoadMarked<DiagnosticAnalyzer, DiagnosticAnalyzerAttribute>("WorkerSockets.Analyzers");

    /// <summary>
    /// Every rule as an analyzer of its own (the non-abstract <c>WorkerSocketsAnalyzer</c> types), for a per-rule
    /// breakdown; the compiler loads them through one host analyzer instead (<see cref="LoadAnalyzers"/>).
    /// </summary>
    public static List<DiagnosticAnalyzer> LoadRules()
    {
        var assembly = System.Reflection.Assembly.Load("WorkerSockets.Analyzers");
        var ruleBase = assembly.GetType("WorkerSockets.Analyzers.Model.WorkerSocketsAnalyzer", throwOnError: true)!;
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && ruleBase.IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();
    }
}

/// <summary>The P5 floor: registers one no-op operation action, which makes the driver build every operation tree.</summary>
#pragma warning disable RS1001, RS1036, RS1041, RS2008 // a benchmark's in-memory analyzer, never loaded by a compiler
internal sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("FLOOR001", "never", "never", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
    }
}
#pragma warning restore RS1001, RS1036, RS1041, RS2008
