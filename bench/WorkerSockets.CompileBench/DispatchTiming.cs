using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WorkerSockets.CompileBench;

/// <summary>
/// Where the analysis pass's wall time goes beyond the rules' own callbacks: the same generated project analysed on one
/// thread by no-op analyzers in different shapes (one analyzer, ten analyzers, one analyzer with ten actions) and by
/// the WSK analyzers with the driver's per-callback timing off, as in a build without <c>ReportAnalyzer</c>.
/// Each shape runs once per round, in rotating order, and the medians are compared. The measure is the process's CPU
/// time, not wall time: on a machine shared with other builds wall time swings several-fold, CPU time less.
/// </summary>
public static class DispatchTiming
{
    /// <summary>The operation kinds the WSK rules register actions for, and how many rules register each (from Rules/*.cs).</summary>
    private static readonly (OperationKind Kind, int Rules)[] RuleActions =
    [
        (OperationKind.Invocation, 10), (OperationKind.PropertyReference, 1), (OperationKind.SimpleAssignment, 1), (OperationKind.CoalesceAssignment, 1),
        (OperationKind.CompoundAssignment, 1), (OperationKind.EventAssignment, 1), (OperationKind.FieldInitializer, 1), (OperationKind.PropertyInitializer, 1),
        (OperationKind.ObjectCreation, 1),
    ];

    private static void PrintOperationCounts(List<SyntaxTree> trees, IReadOnlyList<MetadataReference> references, TextWriter output)
    {
        var counter = new OperationCounter();
        CSharpCompilation.Create("Bench.App", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithAnalyzers([counter]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var ten = 0L;
        var one = 0L;
        foreach (var (kind, rules) in RuleActions)
        {
            var count = counter.Counts.GetValueOrDefault(kind);
            ten += (long)count * rules;
            one += count;
            output.WriteLine($"  {kind,-22} {count,8:N0} operations, {rules} rule action(s)");
        }

        output.WriteLine($"  driver action calls: {ten:N0} with the rules as ten analyzers, {one:N0} with one host (one action per kind); all operations: {counter.Counts.Values.Sum():N0}");
    }

    public static void Run(int files, int rounds, TextWriter output, bool timed = false)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ConsumerProject.Sources(files, withBindings: false)
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path))
            .ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ConsumerProject.ImplicitUsings, parseOptions, path: ConsumerProject.ImplicitUsingsFile));
        var references = GeneratorTiming.References();
        // What the compiler loads (the [DiagnosticAnalyzer] types: one host for every rule), and the same rules as ten
        // analyzers of their own, as they were loaded before the host.
        var host = GeneratorTiming.LoadMarked<DiagnosticAnalyzer, DiagnosticAnalyzerAttribute>("WorkerSockets.Analyzers").ToImmutableArray();
        var rules = AnalyzerTiming.LoadRules().ToImmutableArray();
        var shapes = new (string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)[]
        {
            ("1 no-op analyzer, 1 invocation action (the floor)", [new NoOpAnalyzer(1)]),
            ("1 no-op analyzer, 10 invocation actions", [new NoOpAnalyzer(10)]),
            ($"{rules.Length} no-op analyzers, 1 invocation action each", [.. rules.Select(_ => (DiagnosticAnalyzer)new NoOpAnalyzer(1))]),
            ($"the WSK rules as {rules.Length} analyzers", rules),
            ($"the WSK rules as the compiler loads them ({host.Length} analyzer)", host),
        };

        PrintOperationCounts(trees, references, output);
        if (rounds == 0)
        {
            return;
        }

        var times = shapes.Select(_ => new List<double>()).ToArray();
        var allocated = shapes.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round <= rounds; round++)
        {
            for (var k = 0; k < shapes.Length; k++)
            {
                var index = (k + round) % shapes.Length;
                var compilation = CSharpCompilation.Create(
                    "Bench.App",
                    trees,
                    references,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                compilation.WithAnalyzers(
                        shapes[index].Analyzers,
                        new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: timed))
                    .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                if (round > 0)
                {
                    process.Refresh();
                    times[index].Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                    allocated[index].Add((GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / 1048576.0);
                }
            }
        }

        var floor = GeneratorTiming.Median(times[0]);

        var floorBytes = GeneratorTiming.Median(allocated[0]);
        output.WriteLine($"analysis pass on {files} files, process CPU time (less load-sensitive than wall time), one analysis thread, driver timing {(timed ? "on (as with ReportAnalyzer)" : "off")}, median of {rounds} rotating rounds after a warm-up round");
        for (var k = 0; k < shapes.Length; k++)
        {
            var median = GeneratorTiming.Median(times[k]);
            var bytes = GeneratorTiming.Median(allocated[k]);
            output.WriteLine($"  {shapes[k].Name,-58} CPU median {median,7:F0} ms (+{median - floor,5:F0}), min {times[k].Min(),6:F0} ms; allocated {bytes,6:F1} MiB (+{bytes - floorBytes,5:F1})  [{string.Join(" ", times[k].Select(t => t.ToString("F0")))}]");
        }
    }
}

#pragma warning disable RS1001, RS1036, RS1041, RS2008 // a benchmark's in-memory analyzer, never loaded by a compiler
/// <summary>Counts the operations of every kind in the project's bodies: the driver calls one action per registration per operation of its kind.</summary>
internal sealed class OperationCounter : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("COUNT001", "never", "never", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public System.Collections.Concurrent.ConcurrentDictionary<OperationKind, int> Counts { get; } = new();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(c => Counts.AddOrUpdate(c.Operation.Kind, 1, (_, n) => n + 1), Enum.GetValues<OperationKind>().Where(k => k != OperationKind.None).ToImmutableArray());
    }
}

internal sealed class NoOpAnalyzer(int actions) : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("NOOP001", "never", "never", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            for (var i = 0; i < actions; i++)
            {
                start.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            }
        });
    }
}
#pragma warning restore RS1001, RS1036, RS1041, RS2008
