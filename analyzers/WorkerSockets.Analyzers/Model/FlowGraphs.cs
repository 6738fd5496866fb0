using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>Control-flow graphs for the flow-sensitive rules (WSK006, WSK007).</summary>
internal static class FlowGraphs
{
    /// <summary>
    /// The graph of the body that holds the analyzed operation, or <see langword="null"/> for roots the rules do not model.
    /// It comes from the analyzer driver's cache, so every connect in a method and both rules share one graph.
    /// </summary>
    public static ControlFlowGraph? Of(OperationAnalysisContext context)
        => context.Operation.Root() is IMethodBodyOperation or IBlockOperation { Parent: null } or IConstructorBodyOperation
            ? context.GetControlFlowGraph()
            : null;
}
