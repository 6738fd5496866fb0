using System.Collections.Generic;
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

    /// <summary>
    /// The graph of the lambda or local function <paramref name="function"/> (nested in the method's graph), or of the
    /// method body when <paramref name="function"/> is <see langword="null"/>.
    /// </summary>
    public static ControlFlowGraph? Of(OperationAnalysisContext context, IOperation? function)
    {
        var graph = Of(context);
        return function is null || graph is null ? graph : Find(graph, function, 0);
    }

    private static ControlFlowGraph? Find(ControlFlowGraph graph, IOperation function, int depth)
    {
        if (function is ILocalFunctionOperation local)
        {
            foreach (var symbol in graph.LocalFunctions)
            {
                if (SymbolEqualityComparer.Default.Equals(symbol, local.Symbol))
                {
                    return graph.GetLocalFunctionControlFlowGraph(symbol);
                }
            }
        }

        foreach (var lambda in LambdasOf(graph))
        {
            if (function is IAnonymousFunctionOperation target && SymbolEqualityComparer.Default.Equals(lambda.Symbol, target.Symbol))
            {
                return graph.GetAnonymousFunctionControlFlowGraph(lambda);
            }
        }

        // The function may sit inside another lambda or local function: look one level down at a time.
        if (depth >= 4)
        {
            return null;
        }

        foreach (var symbol in graph.LocalFunctions)
        {
            if (Find(graph.GetLocalFunctionControlFlowGraph(symbol), function, depth + 1) is { } nested)
            {
                return nested;
            }
        }

        foreach (var lambda in LambdasOf(graph))
        {
            if (Find(graph.GetAnonymousFunctionControlFlowGraph(lambda), function, depth + 1) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>The lambdas a graph creates, in its blocks' operations and branch values (a returned lambda is a branch value).</summary>
    private static IEnumerable<IFlowAnonymousFunctionOperation> LambdasOf(ControlFlowGraph graph)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                foreach (var node in operation.DescendantsAndSelf())
                {
                    if (node is IFlowAnonymousFunctionOperation lambda)
                    {
                        yield return lambda;
                    }
                }
            }

            if (block.BranchValue is { } value)
            {
                foreach (var node in value.DescendantsAndSelf())
                {
                    if (node is IFlowAnonymousFunctionOperation lambda)
                    {
                        yield return lambda;
                    }
                }
            }
        }
    }
}
