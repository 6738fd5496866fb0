using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace WorkerSockets.CompileBench;

/// <summary>
/// The WSK rules' own work, without the driver and without its noise: the operation trees of the generated project are
/// bound first (untimed), then the host analyzer's registered actions are called on every operation of their kinds, on
/// one thread, with a stopwatch around the compilation-start action and the calls. What is timed is what the rules do
/// and the Roslyn work they cause (flow graphs, symbol lookups, walks), not the driver's per-callback bookkeeping, not
/// binding. Two analyzer assemblies (this build's and a <c>--baseline</c> copy, loaded side by side) run in rotating
/// order on fresh compilations of the same trees, so both see the same machine; their diagnostics must match.
/// </summary>
public static class RuleWorkTiming
{
    public static void Run(int files, int rounds, string? baselineDirectory, TextWriter output)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ConsumerProject.Sources(files, withBindings: false)
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path))
            .ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ConsumerProject.ImplicitUsings, parseOptions, path: ConsumerProject.ImplicitUsingsFile));
        var references = GeneratorTiming.References();

        var variants = new List<(string Name, Func<DiagnosticAnalyzer> Create)>();
        variants.Add(("this build", () => Host(typeof(WorkerSockets.Analyzers.Model.WorkerSocketsRulesAnalyzer).Assembly)));
        if (baselineDirectory is not null)
        {
            var baseline = new BaselineContext(Path.GetFullPath(Path.Combine(baselineDirectory, "WorkerSockets.Analyzers.dll")));
            var assembly = baseline.LoadFromAssemblyPath(baseline.Path);
            variants.Insert(0, ("baseline " + baselineDirectory, () => Host(assembly)));
        }

        var times = variants.Select(_ => new List<double>()).ToArray();
        var cpu = variants.Select(_ => new List<double>()).ToArray();
        var gcFree = 0;
        var startTimes = variants.Select(_ => new List<double>()).ToArray();
        var bytes = variants.Select(_ => new List<double>()).ToArray();
        var found = variants.Select(_ => new SortedDictionary<string, int>(StringComparer.Ordinal)).ToArray();
        for (var round = 0; round <= rounds; round++)
        {
            for (var k = 0; k < variants.Count; k++)
            {
                var index = (k + round) % variants.Count;
                var compilation = CSharpCompilation.Create(
                    "Bench.App",
                    trees,
                    references,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
                var bodies = OperationBodies.Bind(compilation);
                var diagnostics = new List<Diagnostic>();
                var result = RunOnce(variants[index].Create(), compilation, bodies, diagnostics);
                if (round == 0)
                {
                    // The first round pays JIT: not counted, but its diagnostics are compared.
                    foreach (var diagnostic in diagnostics)
                    {
                        found[index][diagnostic.Id] = found[index].GetValueOrDefault(diagnostic.Id) + 1;
                    }

                    continue;
                }

                times[index].Add(result.TotalMs);
                cpu[index].Add(result.CpuMs);
                gcFree += result.WithoutGc ? 1 : 0;
                startTimes[index].Add(result.StartMs);
                bytes[index].Add(result.AllocatedBytes / 1048576.0);
            }
        }

        output.WriteLine($"WSK rules' own work on {files} files (operation trees bound beforehand, untimed), one thread, median of {rounds} rotating rounds after a warm-up round; {gcFree} of {rounds * variants.Count} timed runs inside a no-GC region");
        for (var k = 0; k < variants.Count; k++)
        {
            output.WriteLine($"  {variants[k].Name,-40} wall {GeneratorTiming.Median(times[k]),7:F1} ms, process CPU {GeneratorTiming.Median(cpu[k]),7:F1} ms (compilation start {GeneratorTiming.Median(startTimes[k]),5:F1} ms), allocated {GeneratorTiming.Median(bytes[k]),6:F1} MiB  [{string.Join(" ", times[k].Select(t => t.ToString("F1")))}]");
            output.WriteLine($"    diagnostics: {string.Join(", ", found[k].Select(d => $"{d.Key}={d.Value}"))}");
        }

        if (variants.Count == 2 && !found[0].SequenceEqual(found[1]))
        {
            output.WriteLine("  DIAGNOSTICS DIFFER between the variants");
        }
    }

    private static DiagnosticAnalyzer Host(Assembly assembly)
        => (DiagnosticAnalyzer)Activator.CreateInstance(assembly.GetTypes().Single(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null))!;

    private sealed record Result(double TotalMs, double CpuMs, double StartMs, long AllocatedBytes, bool WithoutGc);

    private const long NoGcBudget = 200L * 1024 * 1024;

    private static Result RunOnce(DiagnosticAnalyzer analyzer, Compilation compilation, OperationBodies bodies, List<Diagnostic> diagnostics)
    {
        var options = new AnalyzerOptions([]);
        var context = new CapturingContext();
        analyzer.Initialize(context);
        var graphs = new Dictionary<IOperation, ControlFlowGraph>();
        ControlFlowGraph GraphOf(IOperation operation)
        {
            var root = operation;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            // As the driver does: one graph per body, made when a rule first asks for it.
            if (!graphs.TryGetValue(root, out var graph))
            {
                graph = root switch
                {
                    Microsoft.CodeAnalysis.Operations.IMethodBodyOperation body => ControlFlowGraph.Create(body),
                    Microsoft.CodeAnalysis.Operations.IConstructorBodyOperation body => ControlFlowGraph.Create(body),
                    Microsoft.CodeAnalysis.Operations.IBlockOperation block => ControlFlowGraph.Create(block),
                    Microsoft.CodeAnalysis.Operations.IFieldInitializerOperation init => ControlFlowGraph.Create(init),
                    Microsoft.CodeAnalysis.Operations.IPropertyInitializerOperation init => ControlFlowGraph.Create(init),
                    _ => throw new InvalidOperationException($"no graph for {root.Kind}"),
                };
                graphs.Add(root, graph);
            }

            return graph;
        }

        // The contexts are made before the timer starts (the public constructor cannot pass a graph provider; the
        // driver's own one is internal), so only the rules' calls are timed.
        Func<Diagnostic, CancellationToken, bool> supported = (_, _) => true;
        Action<Diagnostic> report = diagnostics.Add;
        Func<IOperation, ControlFlowGraph> graphOf = GraphOf;
        var contexts = new List<(OperationKind Kind, OperationAnalysisContext Context)>();
        foreach (var kind in InterestingKinds(analyzer, compilation.RemoveAllSyntaxTrees(), options))
        {
            foreach (var (operation, symbol) in bodies.OfKind(kind))
            {
                contexts.Add((kind, (OperationAnalysisContext)ContextConstructor.Invoke([operation, symbol, compilation, options, report, supported, graphOf, null, false, CancellationToken.None])));
            }
        }

        // No collection inside the timer: with every bound tree alive a gen0 collection costs tens of milliseconds,
        // which would land on whichever call happened to allocate. What the rules allocate is reported instead.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var noGc = GC.TryStartNoGCRegion(NoGcBudget);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var start = new CapturingStartContext(compilation, options);
        foreach (var action in context.StartActions)
        {
            action(start);
        }

        var startMs = stopwatch.Elapsed.TotalMilliseconds;
        foreach (var (kind, operationContext) in contexts)
        {
            if (start.ActionsByKind.TryGetValue(kind, out var actions))
            {
                foreach (var action in actions)
                {
                    action(operationContext);
                }
            }
        }

        var wallMs = stopwatch.Elapsed.TotalMilliseconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        if (noGc && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }

        return new Result(wallMs, cpuMs, startMs, allocated, noGc);
    }

    private static readonly ConstructorInfo ContextConstructor = typeof(OperationAnalysisContext)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        .Single(c => c.GetParameters().Any(p => p.ParameterType == typeof(Func<IOperation, ControlFlowGraph>)));

    /// <summary>The operation kinds the analyzer registers actions for (found by a throw-away registration on the compilation without its trees, so the symbols of the timed one are not resolved early).</summary>
    private static IEnumerable<OperationKind> InterestingKinds(DiagnosticAnalyzer analyzer, Compilation compilation, AnalyzerOptions options)
    {
        var context = new CapturingContext();
        analyzer.Initialize(context);
        var start = new CapturingStartContext(compilation, options);
        foreach (var action in context.StartActions)
        {
            action(start);
        }

        return start.ActionsByKind.Keys.OrderBy(k => k).ToList();
    }

    /// <summary>Loads the baseline analyzer assembly beside this build's; Roslyn itself comes from the default context, shared.</summary>
    private sealed class BaselineContext(string path) : AssemblyLoadContext("wsk-baseline")
    {
        public string Path { get; } = path;

        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }

    private sealed class CapturingContext : AnalysisContext
    {
        public List<Action<CompilationStartAnalysisContext>> StartActions { get; } = [];

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => StartActions.Add(action);

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode)
        {
        }

        public override void EnableConcurrentExecution()
        {
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => throw Unexpected();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Unexpected();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unexpected();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unexpected();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unexpected();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unexpected();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unexpected();

        internal static NotSupportedException Unexpected() => new("rule-work times operation actions only; the host registered another kind of action");
    }

    private sealed class CapturingStartContext(Compilation compilation, AnalyzerOptions options) : CompilationStartAnalysisContext(compilation, options, CancellationToken.None)
    {
        public Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> ActionsByKind { get; } = [];

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
        {
            foreach (var kind in operationKinds)
            {
                if (!ActionsByKind.TryGetValue(kind, out var actions))
                {
                    ActionsByKind.Add(kind, actions = []);
                }

                actions.Add(action);
            }
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => throw CapturingContext.Unexpected();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw CapturingContext.Unexpected();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw CapturingContext.Unexpected();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw CapturingContext.Unexpected();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw CapturingContext.Unexpected();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw CapturingContext.Unexpected();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw CapturingContext.Unexpected();
    }
}
