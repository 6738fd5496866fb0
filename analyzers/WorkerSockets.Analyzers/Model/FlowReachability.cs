using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>Whether one operation can run after another, on the method's control-flow graph.</summary>
internal static class FlowReachability
{
    /// <summary>
    /// Whether <paramref name="later"/> can run after <paramref name="earlier"/>. Answers from source order when the
    /// graph cannot (lambdas, local functions, unusual roots), so callers stay as precise as a positional check. A branch
    /// on which <paramref name="nullWhenNotRun"/> is known to be <see langword="null"/> is not followed: that local only
    /// ever holds <see langword="null"/> or the result of <paramref name="earlier"/>, so there <paramref name="earlier"/> has not run.
    /// </summary>
    public static bool CanRunAfter(IOperation earlier, IOperation later, OperationAnalysisContext context, ILocalSymbol? nullWhenNotRun = null)
    {
        if (earlier.EnclosingFunction() is not null || later.EnclosingFunction() is not null || earlier.Syntax.SyntaxTree != later.Syntax.SyntaxTree)
        {
            return later.Syntax.SpanStart > earlier.Syntax.SpanStart;
        }

        // Straight-line code proves most "yes" answers without building the method's graph.
        if (StraightLineReach.Proves(earlier, later))
        {
            return true;
        }

        var graph = FlowGraphs.Of(context);
        return graph is null ? later.Syntax.SpanStart > earlier.Syntax.SpanStart : CanRunAfterOnGraph(earlier, later, graph, nullWhenNotRun);
    }

    /// <summary>The graph half of <see cref="CanRunAfter"/> (source order where the graph does not hold either operation).</summary>
    internal static bool CanRunAfterOnGraph(IOperation earlier, IOperation later, ControlFlowGraph graph, ILocalSymbol? nullWhenNotRun)
    {
        var from = BlockOf(graph, earlier.Syntax);
        var to = BlockOf(graph, later.Syntax);
        if (from < 0 || to < 0)
        {
            return later.Syntax.SpanStart > earlier.Syntax.SpanStart;
        }

        if (from == to && later.Syntax.SpanStart > earlier.Syntax.SpanStart)
        {
            return true;
        }

        var nullTests = nullWhenNotRun is null ? null : new NullTests(graph, nullWhenNotRun);
        var visited = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(from);
        while (pending.Count > 0)
        {
            var block = graph.Blocks[pending.Pop()];
            var whenNull = nullTests?.NullBranchOf(block);
            foreach (var branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
            {
                if (branch is null || branch == whenNull)
                {
                    continue;
                }

                // Leaving a try runs its finally: the finally's blocks are not successors, the branch lists them.
                foreach (var region in branch.FinallyRegions)
                {
                    if (region.FirstBlockOrdinal <= to && to <= region.LastBlockOrdinal)
                    {
                        return true;
                    }
                }

                if (branch.Destination is not { } destination)
                {
                    continue;
                }

                if (destination.Ordinal == to)
                {
                    return true;
                }

                if (visited.Add(destination.Ordinal))
                {
                    pending.Push(destination.Ordinal);
                }
            }
        }

        return false;
    }

    private static int BlockOf(ControlFlowGraph graph, SyntaxNode syntax)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                if (Contains(operation, syntax))
                {
                    return block.Ordinal;
                }
            }

            if (block.BranchValue is not null && Contains(block.BranchValue, syntax))
            {
                return block.Ordinal;
            }
        }

        return -1;
    }

    private static bool Contains(IOperation operation, SyntaxNode syntax)
    {
        if (!operation.Syntax.Span.Contains(syntax.Span))
        {
            return false;
        }

        foreach (var node in operation.DescendantsAndSelf())
        {
            if (node.Syntax == syntax)
            {
                return true;
            }
        }

        return false;
    }
}
