using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// The cheap proof that a socket is released on every normal path, tried before the control-flow graph (building a graph
/// is most of what WSK007 costs). It recognises the two shapes nearly all correct code has: a release statement later in
/// the same block with no jump between, and a <c>try</c> later in the same block whose <c>finally</c> releases. When it
/// cannot prove the release it says so, and the caller asks the graph; it never reports a leak itself, so the rule's
/// answers are the graph's answers.
/// </summary>
internal static class StraightLineRelease
{
    /// <summary>Whether some release in <paramref name="releases"/> runs on every normal path after <paramref name="producer"/>.</summary>
    public static bool Proves(IOperation producer, ILocalSymbol local, IReadOnlyList<IOperation> releases)
    {
        if (!producer.TryGetEnclosingStatement(out var block, out var start) || HasJump(block.Operations[start]))
        {
            return false;
        }

        // The earliest statement after the producer's that releases unconditionally; everything in between must fall through.
        var end = int.MaxValue;
        foreach (var release in releases)
        {
            if (ReleasingStatement(release, block) is var index && index > start && index < end)
            {
                end = index;
            }
        }

        if (end == int.MaxValue)
        {
            return false;
        }

        for (var i = start + 1; i < end; i++)
        {
            // A jump may skip the release; a new value in the local would drop the socket before it.
            if (HasJump(block.Operations[i]) || Writes(block.Operations[i], local))
            {
                return false;
            }
        }

        // A write in the releasing statement itself (a try body before its finally, s = s.StartTls()) is left to the graph.
        return !Writes(block.Operations[end], local);
    }

    /// <summary>
    /// The index in <paramref name="block"/> of the statement that always evaluates <paramref name="release"/> when it
    /// runs — the release itself, or a <c>try</c> whose <c>finally</c> does — or -1.
    /// </summary>
    private static int ReleasingStatement(IOperation release, IBlockOperation block)
    {
        var current = release;
        while (current.Parent is { } parent)
        {
            if (parent is IBlockOperation enclosing)
            {
                if (enclosing == block)
                {
                    return block.Operations.IndexOf(current);
                }

                // A statement at the top level of a finally block runs whenever the try is left normally.
                if (enclosing.Parent is ITryOperation @try && @try.Finally == enclosing && !HasJump(enclosing, before: current))
                {
                    current = @try;
                    continue;
                }

                return -1;
            }

            if (!AlwaysEvaluates(parent, current))
            {
                return -1;
            }

            current = parent;
        }

        return -1;
    }

    /// <summary>Whether evaluating <paramref name="parent"/> always evaluates its child <paramref name="child"/>.</summary>
    private static bool AlwaysEvaluates(IOperation parent, IOperation child) => parent switch
    {
        IInvocationOperation => true, // the instance and every argument are evaluated before the call
        IArgumentOperation or IConversionOperation or IParenthesizedOperation or IAwaitOperation or IExpressionStatementOperation => true,
        IObjectCreationOperation or IReturnOperation or IVariableInitializerOperation or IVariableDeclaratorOperation => true,
        IVariableDeclarationOperation or IVariableDeclarationGroupOperation or IUsingDeclarationOperation => true,
        ISimpleAssignmentOperation assignment => assignment.Value == child || assignment.Target == child,
        IUsingOperation usingOperation => usingOperation.Resources == child,
        _ => false,
    };

    private static bool Writes(IOperation statement, ILocalSymbol local) => OperationWalk.Visit(statement, ref local, FindWrite);

    private static readonly OperationVisitor<ILocalSymbol> FindWrite = static (IOperation operation, ref ILocalSymbol local) =>
        operation.Kind == OperationKind.LocalReference && operation is ILocalReferenceOperation reference
        && SymbolEqualityComparer.Default.Equals(reference.Local, local) && reference.IsWrite()
            ? WalkStep.Stop
            : WalkStep.Continue;

    /// <summary>Whether <paramref name="statement"/> can leave its block other than by falling through (or by throwing).</summary>
    private static bool HasJump(IOperation statement, IOperation? before = null)
    {
        var state = (statement, stop: before?.Syntax.SpanStart ?? int.MaxValue);
        return OperationWalk.Visit(statement, ref state, FindJump);
    }

    private static readonly OperationVisitor<(IOperation Statement, int Stop)> FindJump = static (IOperation operation, ref (IOperation Statement, int Stop) state) =>
        operation != state.Statement && operation.Syntax.SpanStart >= state.Stop
            ? WalkStep.Skip
            : operation switch
            {
                IBranchOperation or IReturnOperation => WalkStep.Stop,
                // A return in a lambda or local function leaves that function, not this one.
                IAnonymousFunctionOperation or ILocalFunctionOperation => WalkStep.Skip,
                _ => WalkStep.Continue,
            };
}
