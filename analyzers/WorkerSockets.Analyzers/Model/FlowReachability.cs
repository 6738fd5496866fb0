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

        var graph = FlowGraphs.Of(context);

        var from = graph is null ? -1 : BlockOf(graph, earlier.Syntax);
        var to = graph is null ? -1 : BlockOf(graph, later.Syntax);
        if (graph is null || from < 0 || to < 0)
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
