using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// Finds the branch of a block on which a local is known to be <see langword="null"/>: <c>s is null</c>, <c>s == null</c>,
/// <c>s is not null</c>, <c>s != null</c>, <c>s is {}</c>, the null check the graph makes for <c>s?.</c>, and a type test that
/// every socket passes (<c>o is WorkerSocket</c>, <c>case WorkerSocket s:</c>), whose failing branch holds no socket either.
/// A path where the value is null holds no socket, so nothing on it has to be closed.
/// </summary>
internal sealed class NullTests
{
    private readonly ILocalSymbol local;
    private readonly ControlFlowGraph graph;
    private HashSet<CaptureId>? captures;

    public NullTests(ControlFlowGraph graph, ILocalSymbol local)
    {
        this.graph = graph;
        this.local = local;
    }

    /// <summary>The successor of <paramref name="block"/> taken when the local is null, or <see langword="null"/> when the block tests no such thing.</summary>
    public ControlFlowBranch? NullBranchOf(BasicBlock block)
    {
        if (block.ConditionalSuccessor is not { } conditional || block.BranchValue is not { } value || IsNullWhenTrue(value.WithoutConversions()) is not { } nullWhenTrue)
        {
            return null;
        }

        // The conditional successor is taken when the branch value equals ConditionKind.
        var conditionalMeansTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
        return nullWhenTrue == conditionalMeansTrue ? conditional : block.FallThroughSuccessor;
    }

    /// <summary><see langword="true"/> when the test is true exactly if the local is null, <see langword="false"/> when it is true exactly if not null.</summary>
    private bool? IsNullWhenTrue(IOperation test) => test switch
    {
        IIsNullOperation isNull when IsLocal(isNull.Operand) => true,
        IIsPatternOperation pattern when IsLocal(pattern.Value) => PatternMatchesNull(pattern.Pattern),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
            when (IsLocal(binary.LeftOperand) && IsNullLiteral(binary.RightOperand)) || (IsLocal(binary.RightOperand) && IsNullLiteral(binary.LeftOperand))
            => binary.OperatorKind == BinaryOperatorKind.Equals,
        IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var operand } => !IsNullWhenTrue(operand.WithoutConversions()),
        _ => null,
    };

    private static bool? PatternMatchesNull(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant when IsNullLiteral(constant.Value) => true,
        // is not null, is not { }, is not WorkerSocket: the negation of a test that decides null-ness decides it the other way.
        INegatedPatternOperation negated => !PatternMatchesNull(negated.Pattern),
        IRecursivePatternOperation { DeconstructionSubpatterns.Length: 0, PropertySubpatterns.Length: 0 } recursive when MatchesEverySocket(recursive.MatchedType) => false,

        // case WorkerSocket s: / is WorkerSocket: matches every socket that is there, so failing it means nothing is held.
        IDeclarationPatternOperation { MatchesNull: false } declaration when MatchesEverySocket(declaration.MatchedType) => false,
        ITypePatternOperation type when MatchesEverySocket(type.MatchedType) => false,
        _ => null,
    };

    /// <summary>Whether a type test for <paramref name="matched"/> succeeds for every non-null socket (no type: the input's own type).</summary>
    private static bool MatchesEverySocket(ITypeSymbol? matched) => matched is null
        || matched.SpecialType == SpecialType.System_Object
        || matched is { Name: "IAsyncDisposable", ContainingNamespace.Name: "System" }
        || matched is { Name: "WorkerSocket", ContainingNamespace.Name: "WorkerSockets" };

    private static bool IsNullLiteral(IOperation operation) => operation.WithoutConversions().ConstantValue is { HasValue: true, Value: null };

    private bool IsLocal(IOperation operation)
    {
        switch (operation.WithoutConversions())
        {
            case ILocalReferenceOperation reference:
                return SymbolEqualityComparer.Default.Equals(reference.Local, local);
            case IFlowCaptureReferenceOperation capture:
                captures ??= CapturesOfLocal();
                return captures.Contains(capture.Id);
            default:
                return false;
        }
    }

    /// <summary>The graph's captures of the local (the <c>s</c> of <c>s?.CloseAsync()</c> is read once into a capture).</summary>
    private HashSet<CaptureId> CapturesOfLocal()
    {
        var ids = new HashSet<CaptureId>();
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                if (operation is IFlowCaptureOperation { Value: var value } capture
                    && value.WithoutConversions() is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    ids.Add(capture.Id);
                }
            }
        }

        return ids;
    }
}
