using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// Counts the sockets that can be open at the same time on one path through a method body (WSK008). It walks the
/// statements as structured code, carrying the set of possible "which sockets are open" states: the branches of an
/// <c>if</c> or the sections of a <c>switch</c> are alternatives, a <c>return</c> or <c>throw</c> ends its path, a close,
/// a callee that takes ownership, or the end of a <c>using</c> scope frees a socket. Connects in loops and in lambdas
/// are left to the loop half of the rule.
/// </summary>
internal sealed class OpenSocketPaths
{
    private const int MaxStates = 256;

    private readonly WorkerSocketsSymbols symbols;
    private readonly int limit;
    private readonly List<IOperation> connects = new();
    private readonly Dictionary<ILocalSymbol, ulong> held = new(SymbolEqualityComparer.Default);
    private readonly Stack<HashSet<ulong>> jumpTargets = new();

    // The socket (bit) of each ternary or switch expression whose arms connect: the arms share it.
    private readonly Dictionary<IOperation, ulong> chosen = new();

    // Sockets a using disposes without declaring them (await using (s.ConfigureAwait(false)), using var r = new StreamReader(s.Stream)): freed when its scope ends.
    private readonly Dictionary<IOperation, ulong> disposedAtEnd = new();

    private OpenSocketPaths(WorkerSocketsSymbols symbols, int limit)
    {
        this.symbols = symbols;
        this.limit = limit;
    }

    /// <summary>The first connect that makes more than <paramref name="limit"/> sockets open at once on some path, or <see langword="null"/>.</summary>
    public static IOperation? FindOverLimit(IOperation body, WorkerSocketsSymbols symbols, int limit)
    {
        var walker = new OpenSocketPaths(symbols, limit);
        walker.Execute(body, new HashSet<ulong> { 0 });
        return walker.Found;
    }

    private IOperation? Found { get; set; }

    private HashSet<ulong> Execute(IOperation statement, HashSet<ulong> states)
    {
        if (states.Count == 0 || Found is not null)
        {
            return states;
        }

        switch (statement)
        {
            case IMethodBodyOperation method:
                return method.BlockBody is { } blockBody ? Execute(blockBody, states) : method.ExpressionBody is { } arrow ? Execute(arrow, states) : states;
            case IBlockOperation block:
                foreach (var child in block.Operations)
                {
                    states = Execute(child, states);
                }

                // using var s = ...; ends with its block.
                foreach (var child in block.Operations)
                {
                    if (child is IUsingDeclarationOperation declaration)
                    {
                        states = Release(states, LocalsOf(declaration), DisposedAtEnd(declaration));
                    }
                }

                return states;
            case IConditionalOperation conditional when conditional.Type is null or { SpecialType: SpecialType.System_Void }:
                states = Events(conditional.Condition, states);
                var whenTrue = Execute(conditional.WhenTrue, Copy(states));
                var whenFalse = conditional.WhenFalse is { } otherwise ? Execute(otherwise, Copy(states)) : states;
                return Union(whenTrue, whenFalse);
            case ISwitchOperation @switch:
                return Switch(@switch, Events(@switch.Value, states));
            case ILoopOperation loop:
                // Zero or one run of the body: what a loop keeps open is the loop half's business.
                jumpTargets.Push(new HashSet<ulong>());
                var once = loop switch
                {
                    IWhileLoopOperation { Condition: { } condition } => Execute(loop.Body, Events(condition, Copy(states))),
                    _ => Execute(loop.Body, Copy(states)),
                };
                return Union(Union(states, once), jumpTargets.Pop());
            case ITryOperation @try:
                var afterTry = Execute(@try.Body, Copy(states));
                foreach (var @catch in @try.Catches)
                {
                    afterTry = Union(afterTry, Execute(@catch.Handler, Copy(states)));
                }

                return @try.Finally is { } @finally ? Execute(@finally, afterTry) : afterTry;
            case IUsingOperation @using:
                states = Events(@using.Resources, states);
                states = Execute(@using.Body, states);
                return Release(states, LocalsOf(@using.Resources), DisposedAtEnd(@using));
            case IReturnOperation or IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation }:
                Events(statement, states);
                return new HashSet<ulong>();
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue }:
                if (jumpTargets.Count > 0)
                {
                    jumpTargets.Peek().UnionWith(states);
                }

                return new HashSet<ulong>();
            case ILabeledOperation { Operation: { } labeled }:
                return Execute(labeled, states);
            default:
                return Events(statement, states);
        }
    }

    private HashSet<ulong> Switch(ISwitchOperation @switch, HashSet<ulong> states)
    {
        jumpTargets.Push(new HashSet<ulong>());
        var result = new HashSet<ulong>();
        var hasDefault = false;
        foreach (var section in @switch.Cases)
        {
            var path = Copy(states);
            foreach (var clause in section.Clauses)
            {
                hasDefault |= clause.CaseKind == CaseKind.Default;
                if (clause is IPatternCaseClauseOperation { Guard: { } guard })
                {
                    path = Events(guard, path);
                }
            }

            foreach (var child in section.Body)
            {
                path = Execute(child, path);
            }

            result.UnionWith(path);
        }

        result.UnionWith(jumpTargets.Pop());
        if (!hasDefault)
        {
            result.UnionWith(states);
        }

        return result;
    }

    /// <summary>Applies, in source order, the opens and releases inside a statement or expression with no control flow of its own.</summary>
    private HashSet<ulong> Events(IOperation operation, HashSet<ulong> states)
    {
        var events = new List<(int Position, ulong Opens, ulong Frees)>();
        foreach (var node in operation.DescendantsAndSelf())
        {
            if (node is IInvocationOperation invocation && symbols.IsSocketProducer(invocation.TargetMethod)
                && invocation.EnclosingFunction() is null && !InLoop(invocation) && connects.Count < 64)
            {
                var use = SocketOwnership.Classify(invocation, symbols);
                if (use.Kind is SocketUseKind.Returned or SocketUseKind.HandedOff or SocketUseKind.Closed or SocketUseKind.Captured)
                {
                    continue;
                }

                // The arms of a ternary or switch expression are alternatives: one socket, opened where the whole value is.
                var value = ChosenValue(invocation);
                if (value != invocation && chosen.TryGetValue(value, out var sameSocket))
                {
                    if (use.Local is not null)
                    {
                        held[use.Local] = sameSocket;
                    }

                    continue;
                }

                var bit = 1UL << connects.Count;
                connects.Add(invocation);
                chosen[value] = bit;
                if (use.Local is not null)
                {
                    held[use.Local] = bit;
                }

                events.Add((value.Syntax.Span.End, bit, 0));
            }
            else if (node is ILocalReferenceOperation reference && !reference.IsWrite() && held.TryGetValue(reference.Local, out var bits)
                     && node.OutermostConversion().Parent is not IUsingOperation && SocketOwnership.Classify(reference, symbols) is { EndsOwnership: true } use)
            {
                if (use is { Kind: SocketUseKind.Disposed, Operation: IUsingOperation or IUsingDeclarationOperation })
                {
                    disposedAtEnd[use.Operation] = DisposedAtEnd(use.Operation) | bits;
                }
                else
                {
                    events.Add((reference.Syntax.SpanStart, 0, bits));
                }
            }
        }

        if (events.Count == 0)
        {
            return states;
        }

        events.Sort((a, b) => a.Position.CompareTo(b.Position));
        foreach (var (_, opens, frees) in events)
        {
            var next = new HashSet<ulong>();
            foreach (var state in states)
            {
                var open = (state | opens) & ~frees;
                if (opens != 0 && Found is null && Count(open) > limit)
                {
                    Found = ConnectOf(opens);
                }

                next.Add(open);
            }

            states = Cap(next);
        }

        return states;
    }

    /// <summary>The conditional, coalesce or switch expression whose value <paramref name="connect"/> is one arm of (itself when none).</summary>
    private static IOperation ChosenValue(IOperation connect)
    {
        var operation = connect.OutermostConversion();
        while (true)
        {
            if (operation.Parent is IConditionalOperation conditional && conditional.Condition != operation && conditional.WhenFalse is not null)
            {
                operation = conditional.OutermostConversion();
            }
            else if (operation.Parent is ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } arm && arm.Value == operation)
            {
                operation = switchExpression.OutermostConversion();
            }
            else
            {
                return operation == connect.OutermostConversion() ? connect : operation;
            }
        }
    }

    private IOperation ConnectOf(ulong bit)
    {
        var index = 0;
        while ((bit >>= 1) != 0)
        {
            index++;
        }

        return connects[index];
    }

    private ulong DisposedAtEnd(IOperation @using) => disposedAtEnd.TryGetValue(@using, out var bits) ? bits : 0;

    private HashSet<ulong> Release(HashSet<ulong> states, IEnumerable<ILocalSymbol> locals, ulong alsoFrees)
    {
        var frees = alsoFrees;
        foreach (var local in locals)
        {
            frees |= held.TryGetValue(local, out var bits) ? bits : 0;
        }

        if (frees == 0)
        {
            return states;
        }

        var next = new HashSet<ulong>();
        foreach (var state in states)
        {
            next.Add(state & ~frees);
        }

        return next;
    }

    private static IEnumerable<ILocalSymbol> LocalsOf(IOperation resources)
    {
        foreach (var node in resources.DescendantsAndSelf())
        {
            switch (node)
            {
                case IVariableDeclaratorOperation declarator:
                    yield return declarator.Symbol;
                    break;
                case ILocalReferenceOperation reference when node.OutermostConversion() == resources.OutermostConversion() || node.OutermostConversion().Parent is IUsingOperation:
                    yield return reference.Local;
                    break;

                // using (s = Sockets.Connect(...)) { } (also through ConfigureAwait): the assigned local holds what the using disposes.
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SocketOwnership.UsingResource(assignment) == resources.OutermostConversion():
                    yield return target.Local;
                    break;
            }
        }
    }

    private static bool InLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<ulong> Copy(HashSet<ulong> states) => new(states);

    private static HashSet<ulong> Union(HashSet<ulong> a, HashSet<ulong> b)
    {
        var union = new HashSet<ulong>(a);
        union.UnionWith(b);
        return Cap(union);
    }

    /// <summary>Keeps the state sets small: past the cap, states merge into one that holds every socket any of them holds.</summary>
    private static HashSet<ulong> Cap(HashSet<ulong> states)
    {
        if (states.Count <= MaxStates)
        {
            return states;
        }

        var merged = 0UL;
        foreach (var state in states)
        {
            merged |= state;
        }

        return new HashSet<ulong> { merged };
    }

    private static int Count(ulong value)
    {
        var count = 0;
        for (; value != 0; value &= value - 1)
        {
            count++;
        }

        return count;
    }
}
