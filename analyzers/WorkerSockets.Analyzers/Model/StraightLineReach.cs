using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// The cheap proof that one operation can run after another, tried before the control-flow graph (WSK006 asks it for
/// every use of the old socket after an upgrade, and building the method's graph is most of what that costs). It
/// recognises the shape nearly all such code has: the later operation in a later statement of the same block, that
/// statement always evaluating it, and every statement from the earlier one's up to it falling through — no jump,
/// throw or loop anywhere in them. Then a path exists and the graph would find it. It never says "cannot run after";
/// the caller asks the graph for everything it does not prove, so the answers are the graph's.
/// </summary>
internal static class StraightLineReach
{
    /// <summary>Whether <paramref name="later"/> provably runs after <paramref name="earlier"/> on some normal path.</summary>
    public static bool Proves(IOperation earlier, IOperation later)
    {
        if (!earlier.TryGetEnclosingStatement(out var block, out var start) || StatementOf(later, block) is not { } end || end <= start)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (!FallsThrough(block.Operations[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The index in <paramref name="block"/> of the statement that evaluates <paramref name="operation"/> whenever it
    /// runs, or <see langword="null"/> when the operation sits in another block or under a branch of its statement.
    /// </summary>
    private static int? StatementOf(IOperation operation, IBlockOperation block)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is IBlockOperation)
            {
                return parent == block && block.Operations.IndexOf(current) is var index and >= 0 ? index : null;
            }

            if (!AlwaysEvaluates(parent, current))
            {
                return null;
            }

            current = parent;
        }

        return null;
    }

    /// <summary>Whether evaluating <paramref name="parent"/> always evaluates its child <paramref name="child"/> (a conservative list).</summary>
    private static bool AlwaysEvaluates(IOperation parent, IOperation child) => parent switch
    {
        IInvocationOperation or IArgumentOperation or IConversionOperation or IParenthesizedOperation or IAwaitOperation => true,
        IExpressionStatementOperation or IObjectCreationOperation or IReturnOperation => true,
        IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation or IVariableDeclarationGroupOperation => true,
        IPropertyReferenceOperation property => property.Instance == child,
        IFieldReferenceOperation field => field.Instance == child,
        ISimpleAssignmentOperation assignment => assignment.Value == child || assignment.Target == child,
        _ => false,
    };

    /// <summary>Whether every normal path through <paramref name="statement"/> leaves it at its end: it holds no jump, throw or loop.</summary>
    private static bool FallsThrough(IOperation statement)
    {
        var unused = 0;
        return !OperationWalk.Visit(statement, ref unused, FindDetour);
    }

    private static readonly OperationVisitor<int> FindDetour = static (IOperation operation, ref int _) => operation switch
    {
        IBranchOperation or IReturnOperation or IThrowOperation or ILoopOperation => WalkStep.Stop,
        // Its body runs when it is called, not here.
        IAnonymousFunctionOperation or ILocalFunctionOperation => WalkStep.Skip,
        _ => WalkStep.Continue,
    };
}
