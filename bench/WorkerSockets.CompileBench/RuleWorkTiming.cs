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
    public static void Run(int files, int rounds, string? baselineDirectory, bool perRule, TextWriter output, string? only = null, bool ablate = false)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ConsumerProject.Sources(files, withBindings: false)
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path))
            .ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ConsumerProject.ImplicitUsings, parseOptions, path: ConsumerProject.ImplicitUsingsFile));
        var references = GeneratorTiming.References();

        var assemblies = new List<(string Name, Assembly Assembly)>();
        if (baselineDirectory is not null)
        {
            var baseline = new BaselineContext(Path.GetFullPath(Path.Combine(baselineDirectory, "WorkerSockets.Analyzers.dll")));
            assemblies.Add(("baseline", baseline.LoadFromAssemblyPath(baseline.Path)));
        }

        assemblies.Add(("this build", typeof(WorkerSockets.Analyzers.Model.WorkerSocketsRulesAnalyzer).Assembly));

        // The host the compiler loads, or (per rule) every rule as an analyzer of its own; the same rule of both builds side by side.
        var variants = new List<(string Name, Func<DiagnosticAnalyzer[]> Create)>();
        if (perRule)
        {
            // The floor: one invocation action that does nothing (what this harness costs per rule).
            variants.Add(("no-op invocation action", () => [new NoOpAnalyzer(1)]));
            foreach (var rule in Rules(assemblies[^1].Assembly).Where(r => only is null || r.Name.Contains(only, StringComparison.Ordinal)))
            {
                foreach (var (name, assembly) in assemblies)
                {
                    var type = assembly.GetType(rule.FullName!, throwOnError: true)!;
                    variants.Add(($"{rule.Name} ({name})", () => [(DiagnosticAnalyzer)Activator.CreateInstance(type)!]));
                }
            }
        }
        else if (ablate)
        {
            // Every rule registered together, as the host's fan-out calls them, and the same without one rule: the
            // difference is what that rule adds when the others have already touched the same operations and symbols.
            var all = Rules(assemblies[^1].Assembly).ToList();
            variants.Add(("the host (as the compiler loads it)", () => [Host(assemblies[^1].Assembly)]));
            variants.Add(("all rules", () => [.. all.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)]));
            foreach (var left in all)
            {
                variants.Add(($"all but {left.Name}", () => [.. all.Where(t => t != left).Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)]));
            }
        }
        else
        {
            foreach (var (name, assembly) in assemblies)
            {
                variants.Add((name, () => [Host(assembly)]));
            }
        }

        var times = variants.Select(_ => new List<double>()).ToArray();
        var cpu = variants.Select(_ => new List<double>()).ToArray();
        var gcFree = 0;
        var startTimes = variants.Select(_ => new List<double>()).ToArray();
        var bytes = variants.Select(_ => new List<double>()).ToArray();
        var found = variants.Select(_ => new SortedDictionary<string, int>(StringComparer.Ordinal)).ToArray();
        for (var round = 0; round <= rounds; round++)
        {
            // One compilation per round, shared by the variants: each analyzer assembly keeps its own per-compilation
            // symbols and caches, and the flow graphs are made afresh for every variant, as the driver makes them.
            var compilation = CSharpCompilation.Create(
                "Bench.App",
                trees,
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
            var bodies = OperationBodies.Bind(compilation);
            for (var k = 0; k < variants.Count; k++)
            {
                var index = (k + round) % variants.Count;
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

        output.WriteLine($"WSK rules' own work on {files} files (operation trees bound beforehand, untimed), one thread (thread CPU from /proc/thread-self/schedstat where there is one), median of {rounds} rotating rounds after a warm-up round; {gcFree} of {rounds * variants.Count} timed runs inside a no-GC region");
        for (var k = 0; k < variants.Count; k++)
        {
            output.WriteLine($"  {variants[k].Name,-52} wall {GeneratorTiming.Median(times[k]),7:F1} ms, thread CPU {GeneratorTiming.Median(cpu[k]),7:F1} ms (min {cpu[k].DefaultIfEmpty().Min(),6:F1}) (compilation start {GeneratorTiming.Median(startTimes[k]),5:F1} ms), allocated {GeneratorTiming.Median(bytes[k]),6:F1} MiB  CPU [{string.Join(" ", cpu[k].Select(t => t.ToString("F1")))}]");
            output.WriteLine($"    diagnostics: {string.Join(", ", found[k].Select(d => $"{d.Key}={d.Value}"))}");
        }

        for (var k = perRule ? 1 : 0; !ablate && k + 1 < variants.Count; k += assemblies.Count)
        {
            if (assemblies.Count == 2 && !found[k].SequenceEqual(found[k + 1]))
            {
                output.WriteLine($"  DIAGNOSTICS DIFFER: {variants[k].Name} and {variants[k + 1].Name}");
            }
        }
    }

    private static IEnumerable<Type> Rules(Assembly assembly)
    {
        var ruleBase = assembly.GetType("WorkerSockets.Analyzers.Model.WorkerSocketsAnalyzer", throwOnError: true)!;
        return assembly.GetTypes().Where(t => !t.IsAbstract && ruleBase.IsAssignableFrom(t)).OrderBy(t => t.Name, StringComparer.Ordinal);
    }

    private static DiagnosticAnalyzer Host(Assembly assembly)
        => (DiagnosticAnalyzer)Activator.CreateInstance(assembly.GetTypes().Single(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null))!;

    private sealed record Result(double TotalMs, double CpuMs, double StartMs, long AllocatedBytes, bool WithoutGc);

    private const long NoGcBudget = 200L * 1024 * 1024;

    private static Result RunOnce(DiagnosticAnalyzer[] analyzers, Compilation compilation, OperationBodies bodies, List<Diagnostic> diagnostics)
    {
        var options = new AnalyzerOptions([]);
        var context = new CapturingContext();
        foreach (var analyzer in analyzers)
        {
            analyzer.Initialize(context);
        }

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
        foreach (var kind in InterestingKinds(analyzers, compilation.RemoveAllSyntaxTrees(), options))
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
        var cpuBefore = ThreadCpuMs();
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
        var cpuMs = ThreadCpuMs() - cpuBefore;
        if (noGc && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }

        return new Result(wallMs, cpuMs, startMs, allocated, noGc);
    }

    /// <summary>
    /// This thread's CPU time: on Linux from the scheduler's nanosecond count (the process's CPU time comes in 10 ms ticks,
    /// too coarse for one rule), elsewhere the process's.
    /// </summary>
    private static double ThreadCpuMs()
    {
        const string SchedStat = "/proc/thread-self/schedstat";
        if (File.Exists(SchedStat))
        {
            var text = File.ReadAllText(SchedStat);
            return long.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture) / 1e6;
        }

        return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }

    private static readonly ConstructorInfo ContextConstructor = typeof(OperationAnalysisContext)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        .Single(c => c.GetParameters().Any(p => p.ParameterType == typeof(Func<IOperation, ControlFlowGraph>)));

    /// <summary>The operation kinds the analyzer registers actions for (found by a throw-away registration on the compilation without its trees, so the symbols of the timed one are not resolved early).</summary>
    private static IEnumerable<OperationKind> InterestingKinds(DiagnosticAnalyzer[] analyzers, Compilation compilation, AnalyzerOptions options)
    {
        var context = new CapturingContext();
        foreach (var analyzer in analyzers)
        {
            analyzer.Initialize(context);
        }

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
