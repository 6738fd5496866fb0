using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.CompileBench;

/// <summary>
/// Every operation of every body of a compilation, grouped by kind with the symbol that owns its body: what the driver
/// hands operation actions. Bound by the driver itself (an analyzer that keeps the operation blocks), outside any timer.
/// </summary>
public sealed class OperationBodies
{
    private readonly Dictionary<OperationKind, List<(IOperation Operation, ISymbol Owner)>> byKind;

    private OperationBodies(Dictionary<OperationKind, List<(IOperation, ISymbol)>> byKind) => this.byKind = byKind;

    public static OperationBodies Bind(Compilation compilation)
    {
        var collector = new BlockCollector();
        compilation.WithAnalyzers([collector], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        // In source order, so every run visits the operations in the same order.
        var byKind = new Dictionary<OperationKind, List<(IOperation, ISymbol)>>();
        foreach ((IOperation block, ISymbol owner) in collector.Blocks.OrderBy(b => b.Block.Syntax.SyntaxTree.FilePath, StringComparer.Ordinal).ThenBy(b => b.Block.Syntax.SpanStart))
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (!byKind.TryGetValue(operation.Kind, out var list))
                {
                    byKind.Add(operation.Kind, list = []);
                }

                list.Add((operation, (ISymbol)owner));
            }
        }

        return new OperationBodies(byKind);
    }

    public IReadOnlyList<(IOperation Operation, ISymbol Owner)> OfKind(OperationKind kind) => byKind.TryGetValue(kind, out var list) ? list : [];

#pragma warning disable RS1001, RS1036, RS1041, RS2008 // a benchmark's in-memory analyzer, never loaded by a compiler
    private sealed class BlockCollector : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new("BODY001", "never", "never", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public ConcurrentBag<(IOperation Block, ISymbol Owner)> Blocks { get; } = [];

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationBlockAction(block =>
            {
                foreach (var operation in block.OperationBlocks)
                {
                    Blocks.Add((operation, block.OwningSymbol));
                }
            });
        }
    }
#pragma warning restore RS1001, RS1036, RS1041, RS2008
}
