using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>Small IOperation walks shared by the rules.</summary>
internal static class OperationExtensions
{
    /// <summary>The statement holding <paramref name="operation"/> directly in its innermost enclosing block.</summary>
    public static bool TryGetEnclosingStatement(this IOperation operation, out IBlockOperation block, out int index)
    {
        for (var current = operation; current.Parent is not null; current = current.Parent)
        {
            if (current.Parent is IBlockOperation parent)
            {
                block = parent;
                index = parent.Operations.IndexOf(current);
                return index >= 0;
            }
        }

        block = null!;
        index = -1;
        return false;
    }

    /// <summary>Skips implicit and explicit conversions and parentheses.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { Operand: { } operand }:
                    operation = operand;
                    break;
                case IParenthesizedOperation { Operand: { } inner }:
                    operation = inner;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>Climbs from <paramref name="operation"/> past conversions and parentheses; returns the outermost such wrapper.</summary>
    public static IOperation OutermostConversion(this IOperation operation)
    {
        while (operation.Parent is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>The top of the operation tree: the body of the method, lambda-owning member or initializer.</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>The nearest enclosing lambda or local function, or <see langword="null"/> when the operation is directly in the member body.</summary>
    public static IOperation? EnclosingFunction(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>The nearest loop around <paramref name="operation"/> in the same function (a lambda or local function stops the search).</summary>
    public static ILoopOperation? EnclosingLoop(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Whether the local or parameter is declared outside <paramref name="function"/> (so a use inside it is a capture).</summary>
    public static bool IsDeclaredOutside(this ISymbol symbol, IOperation function)
    {
        var span = function.Syntax.Span;
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == function.Syntax.SyntaxTree && span.Contains(reference.Span))
            {
                return false;
            }
        }

        return true;
    }

    public static IArgumentOperation? GetArgument(this IInvocationOperation invocation, string parameterName) => Find(invocation.Arguments, parameterName);

    public static IArgumentOperation? GetArgument(this IObjectCreationOperation creation, string parameterName) => Find(creation.Arguments, parameterName);

    private static IArgumentOperation? Find(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>Whether the local is written anywhere in <paramref name="root"/> other than by its declaration's initializer.</summary>
    public static bool TryGetSingleAssignedValue(this ILocalSymbol local, IOperation root, out IOperation value)
    {
        value = null!;
        IOperation? initial = null;
        foreach (var operation in root.Descendants())
        {
            // The kind first: an interface test costs more on the many operations that are neither.
            if (operation.Kind is not (OperationKind.VariableDeclarator or OperationKind.LocalReference))
            {
                continue;
            }

            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    initial = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    if (initial is null)
                    {
                        return false;
                    }

                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && IsWrite(reference):
                    return false;
            }
        }

        if (initial is null)
        {
            return false;
        }

        value = initial;
        return true;
    }

    /// <summary>
    /// The value <paramref name="reference"/> reads when it is the value of the local's last plain write before it in the
    /// same or an enclosing block (so that write runs on every path to the read): its initializer, or an assignment like
    /// the first one in <c>var s = Connect(...); s = s.StartTls();</c>. Fails when any other kind of write comes between.
    /// </summary>
    public static bool TryGetReachingValue(this ILocalReferenceOperation reference, out IOperation value)
    {
        value = null!;
        var local = reference.Local;
        var at = reference.Syntax.SpanStart;
        IOperation? best = null;
        var bestEnd = -1;
        foreach (var operation in reference.Root().Descendants())
        {
            if (operation.Kind is not (OperationKind.VariableDeclarator or OperationKind.LocalReference))
            {
                continue;
            }

            IOperation? written = operation switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                    => declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value,
                ILocalReferenceOperation write when SymbolEqualityComparer.Default.Equals(write.Local, local) && write.IsWrite()
                    => write.Parent is ISimpleAssignmentOperation assignment ? assignment.Value : write,
                _ => null,
            };

            var end = operation.Parent?.Syntax.Span.End ?? operation.Syntax.Span.End;
            if (written is null || end > at)
            {
                continue;
            }

            if (end > bestEnd)
            {
                best = written;
                bestEnd = end;
            }
        }

        if (best is null || best is ILocalReferenceOperation || !RunsBefore(best, reference))
        {
            return false;
        }

        value = best;
        return true;
    }

    /// <summary>Whether the statement holding <paramref name="write"/> sits in a block that encloses <paramref name="read"/>.</summary>
    private static bool RunsBefore(IOperation write, IOperation read)
    {
        var statement = write;
        while (statement.Parent is not null and not IBlockOperation)
        {
            statement = statement.Parent;
        }

        return statement.Parent is IBlockOperation block && block.Syntax.Span.Contains(read.Syntax.Span)
            && read.EnclosingFunction() == write.EnclosingFunction();
    }

    /// <summary>Whether the reference is the target of an assignment, increment, <c>ref</c>/<c>out</c> argument or deconstruction.</summary>
    public static bool IsWrite(this IOperation reference)
    {
        var parent = reference.Parent;
        return parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            IDeclarationExpressionOperation => true,
            ITupleOperation tuple => IsTupleWrite(tuple),
            IAddressOfOperation => true,
            _ => false,
        };
    }

    private static bool IsTupleWrite(ITupleOperation tuple)
    {
        IOperation current = tuple;
        while (current.Parent is ITupleOperation outer)
        {
            current = outer;
        }

        return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
    }
}
