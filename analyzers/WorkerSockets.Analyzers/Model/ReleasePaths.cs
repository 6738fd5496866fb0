using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// Whether every path from where a socket is stored in a local to the end of the method passes a use that ends
/// ownership (the CA2000-style check, on the control-flow graph; exceptional paths are not followed).
/// </summary>
internal static class ReleasePaths
{
    /// <summary>
    /// <see langword="true"/> when some normal path from <paramref name="producer"/> reaches the method's exit without
    /// passing one of <paramref name="releases"/>. Falls back to <see langword="false"/> (no leak) whenever the graph
    /// cannot answer (unusual roots).
    /// </summary>
    public static bool LeaksOnSomePath(IOperation producer, ILocalSymbol local, IReadOnlyList<IOperation> releases, OperationAnalysisContext context)
    {
        if (ReleasedWithoutGraph(producer, local, releases, out var function))
        {
            return false;
        }

        var graph = FlowGraphs.Of(context, function);
        return graph is not null && LeaksOnGraph(producer, local, releases, graph);
    }

    /// <summary>
    /// WSK008's question for a connect in a loop whose socket goes into a local declared outside the loop: whether some
    /// normal path from <paramref name="producer"/> comes round to it again (or reaches a new value written to
    /// <paramref name="local"/>) past no release, so a second socket opens while this one is still held. Paths that
    /// leave the loop and end the method hold one socket at most and are WSK007's business. Answers
    /// <see langword="true"/> (held, as a positional check would) when the graph cannot answer.
    /// </summary>
    public static bool HeldOnLoopBack(IOperation producer, ILocalSymbol local, IReadOnlyList<IOperation> releases, OperationAnalysisContext context)
    {
        if (ReleasedWithoutGraph(producer, local, releases, out var function))
        {
            return false;
        }

        var graph = FlowGraphs.Of(context, function);
        return graph is null || LeaksOnGraph(producer, local, releases, graph, exitLeaks: false);
    }

    /// <summary>
    /// The answers that need no graph, shared by both questions: a release in a nested lambda or local function (that
    /// code owns the socket now), or one that straight-line code proves (a later statement of the same block, a
    /// finally), as most correct code does. <paramref name="function"/> is the function the socket is opened in: the
    /// method, or the lambda or local function around it, whose graph answers otherwise.
    /// </summary>
    private static bool ReleasedWithoutGraph(IOperation producer, ILocalSymbol local, IReadOnlyList<IOperation> releases, out IOperation? function)
    {
        function = producer.EnclosingFunction();
        foreach (var release in releases)
        {
            if (release.EnclosingFunction() != function)
            {
                return true;
            }
        }

        return StraightLineRelease.Proves(producer, local, releases);
    }

    /// <summary>
    /// The graph half of <see cref="LeaksOnSomePath"/>: some normal path from the producer's block reaches the exit, or a
    /// new value written to <paramref name="local"/>, past no release. Branches on which the local is known to be
    /// <see langword="null"/> hold no socket and are not followed. With <paramref name="exitLeaks"/> off, reaching the
    /// exit is not a leak: only coming back round to the producer, or an overwrite, is (<see cref="HeldOnLoopBack"/>).
    /// </summary>
    internal static bool LeaksOnGraph(IOperation producer, ILocalSymbol local, IReadOnlyList<IOperation> releases, ControlFlowGraph graph, bool exitLeaks = true)
    {
        var releaseSyntax = new HashSet<SyntaxNode>();
        foreach (var release in releases)
        {
            releaseSyntax.Add(release.Syntax);
        }

        var start = -1;
        var releasedIn = new Dictionary<int, int>();
        var overwrittenIn = new Dictionary<int, int>();
        var releasedAfterProducerIn = new Dictionary<int, int>();
        var firstThrowIn = new Dictionary<int, int>();
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in OperationsOf(block))
            {
                foreach (var node in operation.DescendantsAndSelf())
                {
                    if (node is IAwaitOperation or IInvocationOperation && !node.IsImplicit)
                    {
                        // Where the block can first throw into a catch: the end of its first await or call.
                        var end = node.Syntax.Span.End;
                        firstThrowIn[block.Ordinal] = firstThrowIn.TryGetValue(block.Ordinal, out var known) && known < end ? known : end;
                    }

                    // The producer is a connect, or the copy of a socket into the local (last = candidate).
                    if (node.Syntax == producer.Syntax && node.Kind == producer.Kind)
                    {
                        start = block.Ordinal;
                    }
                    else if (node is ILocalReferenceOperation && releaseSyntax.Contains(node.Syntax))
                    {
                        // The first release in the block; the start block also needs the first one after the producer.
                        var at = node.Syntax.SpanStart;
                        releasedIn[block.Ordinal] = releasedIn.TryGetValue(block.Ordinal, out var known) && known < at ? known : at;
                        if (at > producer.Syntax.SpanStart && (!releasedAfterProducerIn.TryGetValue(block.Ordinal, out var after) || at < after))
                        {
                            releasedAfterProducerIn[block.Ordinal] = at;
                        }
                    }
                    else if (IsOverwrite(node, local, producer))
                    {
                        // The first write in the block, at the point its value is stored (after s.StartTls() in s = s.StartTls()).
                        var at = node.Parent!.Syntax.Span.End;
                        overwrittenIn[block.Ordinal] = overwrittenIn.TryGetValue(block.Ordinal, out var first) && first < at ? first : at;
                    }
                }
            }
        }

        if (start < 0)
        {
            return false;
        }

        var startRelease = releasedAfterProducerIn.TryGetValue(start, out var position) ? position : int.MaxValue;
        if (overwrittenIn.TryGetValue(start, out var write) && write > producer.Syntax.Span.End && write < startRelease)
        {
            return true;
        }

        if (startRelease != int.MaxValue)
        {
            return false;
        }

        var captures = new NullTests(graph, local);

        // if (tls is not null) ... where tls = s.StartTls() is the only value tls ever gets: on that branch s was upgraded.
        List<NullTests>? upgraded = null;
        foreach (var release in releases)
        {
            if (release.Parent is IInvocationOperation { TargetMethod.Name: "StartTls" } startTls && startTls.Instance == release
                && UpgradeResults.LocalNullUntilRun(startTls) is { } result)
            {
                (upgraded ??= new List<NullTests>()).Add(new NullTests(graph, result));
            }
        }

        var visited = new HashSet<int> { start };
        var expandedCatches = new HashSet<ControlFlowRegion>();
        for (var region = graph.Blocks[start].EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            // A catch of a try the socket was opened in may run before it existed: the local is not the socket's there.
            expandedCatches.Add(region);
        }

        // Coming back round a loop to the producer runs it again: the local gets a new socket while this one is open,
        // unless the block releases the old one before the producer.
        // (Any release in the producer's block lies before or inside the producer here: one after it returned above.)
        var loopBack = releasedIn.ContainsKey(start) ? -1 : start;
        var pending = new Stack<BasicBlock>();
        Push(graph.Blocks[start], graph, releasedIn, captures, upgraded, visited, expandedCatches, pending, loopBack, exitLeaks, out var reachesExit);
        while (!reachesExit && pending.Count > 0)
        {
            var block = pending.Pop();
            var released = releasedIn.TryGetValue(block.Ordinal, out var releaseAt) ? releaseAt : int.MaxValue;
            if (overwrittenIn.TryGetValue(block.Ordinal, out var overwrite) && overwrite < released)
            {
                return true;
            }

            if (released != int.MaxValue)
            {
                // 'await s.Opened; return s;' in a try: the await can throw into a catch that swallows it before the
                // release runs, so that catch is a path of its own.
                if (firstThrowIn.TryGetValue(block.Ordinal, out var throwAt) && throwAt <= released)
                {
                    PushCatchHandlers(block, graph, visited, expandedCatches, pending);
                }

                continue;
            }

            Push(block, graph, releasedIn, captures, upgraded, visited, expandedCatches, pending, loopBack, exitLeaks, out reachesExit);
        }

        return reachesExit;
    }

    /// <summary>Whether <paramref name="node"/> stores a different value into <paramref name="local"/> than the producer's.</summary>
    private static bool IsOverwrite(IOperation node, ILocalSymbol local, IOperation producer)
        => node is ILocalReferenceOperation reference
           && SymbolEqualityComparer.Default.Equals(reference.Local, local)
           && WritingAssignment(node) is { } assignment
           && assignment.Syntax != producer.Syntax
           && !assignment.Value.Syntax.Span.Contains(producer.Syntax.Span)
           && !(assignment is IDeconstructionAssignmentOperation && Reads(assignment.Value, local));

    /// <summary>Whether <paramref name="value"/> reads <paramref name="local"/>: a swap, <c>(x, y) = (y, x)</c>, moves the socket on rather than dropping it.</summary>
    private static bool Reads(IOperation value, ILocalSymbol local)
    {
        foreach (var node in value.DescendantsAndSelf())
        {
            if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The assignment that writes <paramref name="target"/>: <c>s = ...</c>, or a deconstruction <c>(s, t) = (..., ...)</c>.</summary>
    private static IAssignmentOperation? WritingAssignment(IOperation target)
    {
        if (target.Parent is ISimpleAssignmentOperation simple)
        {
            return simple.Target == target ? simple : null;
        }

        var current = target;
        while (current.Parent is ITupleOperation or IDeclarationExpressionOperation)
        {
            current = current.Parent;
        }

        return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current ? deconstruction : null;
    }

    /// <summary>
    /// Queues the successors of <paramref name="block"/>; <paramref name="reachesExit"/> says the socket leaks: a branch
    /// reaches the exit (when <paramref name="exitLeaks"/>), or returns to <paramref name="loopBack"/> (the producer's
    /// block, when it overwrites the socket).
    /// </summary>
    private static void Push(BasicBlock block, ControlFlowGraph graph, Dictionary<int, int> releasedIn, NullTests nullTests, List<NullTests>? upgraded, HashSet<int> visited, HashSet<ControlFlowRegion> expandedCatches, Stack<BasicBlock> pending, int loopBack, bool exitLeaks, out bool reachesExit)
    {
        reachesExit = false;
        PushCatchHandlers(block, graph, visited, expandedCatches, pending);
        var whenNull = nullTests.NullBranchOf(block);
        var whenUpgraded = UpgradedBranchOf(block, upgraded);
        foreach (var branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
        {
            if (branch?.Destination is not { } destination || branch == whenNull || branch == whenUpgraded || ReleasedInFinally(branch, graph, releasedIn))
            {
                continue;
            }

            if (destination.Kind == BasicBlockKind.Exit && !exitLeaks)
            {
                continue;
            }

            if (destination.Kind == BasicBlockKind.Exit || destination.Ordinal == loopBack)
            {
                reachesExit = true;
                return;
            }

            if (visited.Add(destination.Ordinal))
            {
                pending.Push(destination);
            }
        }
    }

    /// <summary>
    /// A block inside a <c>try</c> that began while the socket was already held (the producer is outside the
    /// try/catch) may throw into its <c>catch</c> handlers; a handler that swallows the exception and returns or
    /// carries on is a normal path, so the walk follows it. Exceptions thrown out of the method are still not followed.
    /// </summary>
    private static void PushCatchHandlers(BasicBlock block, ControlFlowGraph graph, HashSet<int> visited, HashSet<ControlFlowRegion> expandedCatches, Stack<BasicBlock> pending)
    {
        for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            // Each try/catch is expanded once; the ones around the producer are marked expanded before the walk.
            if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch
                || !expandedCatches.Add(tryAndCatch))
            {
                continue;
            }

            foreach (var handler in tryAndCatch.NestedRegions)
            {
                if (handler.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler
                    && handler.FirstBlockOrdinal < graph.Blocks.Length && visited.Add(handler.FirstBlockOrdinal))
                {
                    pending.Push(graph.Blocks[handler.FirstBlockOrdinal]);
                }
            }
        }
    }

    /// <summary>The successor of <paramref name="block"/> taken when an upgrade's result local is not null (the socket was upgraded there).</summary>
    private static ControlFlowBranch? UpgradedBranchOf(BasicBlock block, List<NullTests>? upgraded)
    {
        if (upgraded is null)
        {
            return null;
        }

        foreach (var tests in upgraded)
        {
            if (tests.NullBranchOf(block) is { } whenNull)
            {
                return whenNull == block.ConditionalSuccessor ? block.FallThroughSuccessor : block.ConditionalSuccessor;
            }
        }

        return null;
    }

    /// <summary>Whether a finally region the branch runs through releases the socket.</summary>
    private static bool ReleasedInFinally(ControlFlowBranch branch, ControlFlowGraph graph, Dictionary<int, int> releasedIn)
    {
        foreach (var region in branch.FinallyRegions)
        {
            for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal && ordinal < graph.Blocks.Length; ordinal++)
            {
                if (releasedIn.ContainsKey(ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<IOperation> OperationsOf(BasicBlock block)
    {
        foreach (var operation in block.Operations)
        {
            yield return operation;
        }

        if (block.BranchValue is not null)
        {
            yield return block.BranchValue;
        }
    }
}
