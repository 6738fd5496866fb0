using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// A socket local that a <c>using</c> disposes and that the method also returns (after IDisposableAnalyzers' IDISP011):
/// <c>await using var s = ...; return s;</c>, <c>await using (var s = ...) { return s; }</c>, or a return after
/// <c>await using (s) { }</c>. The caller receives a socket that is closed by the time it gets it.
/// </summary>
internal static class DisposedReturns
{
    /// <summary>Whether the local <paramref name="use"/> stores the socket in is returned while or after a <c>using</c> disposes it.</summary>
    public static bool Find(SocketUse use, IOperation root, WorkerSocketsSymbols symbols)
    {
        var local = use.Local!;
        if (use.Kind == SocketUseKind.Disposed)
        {
            // The using declares the local: it is disposed wherever the local can be returned, so only its scope is searched.
            // A using that assigns a local declared before it (using (s = ...) { }) leaves the local readable after it.
            var scope = use.Operation switch
            {
                IUsingDeclarationOperation { Parent: { } block } => block,
                IUsingOperation { Resources: not IVariableDeclarationGroupOperation } => root,
                _ => use.Operation,
            };
            return IsReturnedAfter(local, use.Operation, scope, symbols);
        }

        if (use.Kind != SocketUseKind.StoredInLocal)
        {
            return false;
        }

        // Nearly no socket local is ever returned: without a read under a return there is no disposal to look for.
        var reads = SocketOwnership.ReadsOf(local, root);
        if (!AnyUnderReturn(reads))
        {
            return false;
        }

        foreach (var read in reads)
        {
            if (SocketOwnership.Classify(read, symbols) is { Kind: SocketUseKind.Disposed } disposal && IsReturnedAfter(local, disposal.Operation, root, symbols))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a <c>return local</c> (not a <c>yield return</c>: an iterator lends the socket while the caller enumerates)
    /// in the same function runs inside <paramref name="disposal"/>'s scope, or after it
    /// with no new value stored in the local in between.
    /// </summary>
    private static bool IsReturnedAfter(ILocalSymbol local, IOperation disposal, IOperation root, WorkerSocketsSymbols symbols)
    {
        var function = disposal.EnclosingFunction();
        var scope = disposal is IUsingDeclarationOperation { Parent: { } block } ? block.Syntax.Span : disposal.Syntax.Span;
        foreach (var read in SocketOwnership.ReadsOf(local, root))
        {
            // A read classified as returned sits under its return: the cheap test of the ancestors goes first.
            if (!UnderReturn(read) || read.Syntax.SpanStart <= disposal.Syntax.SpanStart || read.EnclosingFunction() != function
                || SocketOwnership.Classify(read, symbols) is not { Kind: SocketUseKind.Returned, Operation.Kind: OperationKind.Return })
            {
                continue;
            }

            if (scope.Contains(read.Syntax.Span) || !WrittenBetween(local, disposal.Syntax.Span.End, read.Syntax.SpanStart, root))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyUnderReturn(IReadOnlyList<ILocalReferenceOperation> reads)
    {
        foreach (var read in reads)
        {
            if (UnderReturn(read))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a <c>return</c> (or <c>yield return</c>) encloses <paramref name="read"/>: every read classified as returned does.</summary>
    private static bool UnderReturn(IOperation read)
    {
        for (var current = read.Parent; current is not null; current = current.Parent)
        {
            if (current.Kind is OperationKind.Return or OperationKind.YieldReturn or OperationKind.YieldBreak)
            {
                return true;
            }
        }

        return false;
    }

    private static bool WrittenBetween(ILocalSymbol local, int from, int to, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation.Kind == OperationKind.LocalReference && operation is ILocalReferenceOperation reference && reference.Syntax.SpanStart > from && reference.Syntax.SpanStart < to
                && reference.IsWrite() && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return false;
    }
}
