using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>What one use of a socket value does to the ownership of the code that holds it.</summary>
internal enum SocketUseKind
{
    /// <summary>Read, awaited or otherwise used: the holder still owns it.</summary>
    Kept,

    /// <summary><c>CloseAsync()</c> or <c>DisposeAsync()</c>.</summary>
    Closed,

    /// <summary>The resource of a <c>using</c> / <c>await using</c>.</summary>
    Disposed,

    /// <summary><c>StartTls()</c>: ownership moves to the socket it returns.</summary>
    Upgraded,

    /// <summary>Returned to the caller.</summary>
    Returned,

    /// <summary>Assigned to a field or property (<see cref="SocketUse.Member"/>).</summary>
    StoredInMember,

    /// <summary>Added to a collection or stored in an element (<see cref="SocketUse.Container"/>).</summary>
    StoredInCollection,

    /// <summary>Assigned to a local (<see cref="SocketUse.Local"/>): the local now holds it.</summary>
    StoredInLocal,

    /// <summary>Passed to a method or constructor that takes ownership (see <see cref="CalleeOwnership"/>).</summary>
    HandedOff,

    /// <summary>Used inside a lambda or local function that captures it.</summary>
    Captured,
}

/// <summary>One classified use of a socket value.</summary>
internal readonly struct SocketUse
{
    public SocketUse(SocketUseKind kind, IOperation operation, ISymbol? member = null, IOperation? container = null, ILocalSymbol? local = null)
    {
        Kind = kind;
        Operation = operation;
        Member = member;
        Container = container;
        Local = local;
    }

    public SocketUseKind Kind { get; }

    /// <summary>The operation that makes the use (the assignment, invocation, return...).</summary>
    public IOperation Operation { get; }

    /// <summary>The field or property for <see cref="SocketUseKind.StoredInMember"/>.</summary>
    public ISymbol? Member { get; }

    /// <summary>The collection (or the instance holding the member) the socket is stored into.</summary>
    public IOperation? Container { get; }

    /// <summary>The local for <see cref="SocketUseKind.StoredInLocal"/>, or the one a <c>using</c> declares.</summary>
    public ILocalSymbol? Local { get; }

    /// <summary>Whether the holder no longer has to close the socket itself.</summary>
    public bool EndsOwnership => Kind != SocketUseKind.Kept;
}

/// <summary>
/// The ownership model shared by WSK003 and WSK007 (after IDisposableAnalyzers): a socket stops being ours once it is
/// closed, disposed, returned, stored in a field or collection, or handed to a callee that may keep it.
/// </summary>
internal static class SocketOwnership
{
    private static readonly HashSet<string> CollectionAdds = new()
    {
        "Add", "Enqueue", "Push", "TryAdd", "Insert", "AddOrUpdate", "GetOrAdd", "TryEnqueue", "Append", "Prepend", "AddFirst", "AddLast", "Post", "TryWrite", "WriteAsync", "SetItem",
    };

    /// <summary>Whether <paramref name="invocation"/> is an instance call that stores its argument in a collection (<c>Add</c>, <c>Enqueue</c>, ...).</summary>
    public static bool IsCollectionAdd(IInvocationOperation invocation) => invocation.Instance is not null && CollectionAdds.Contains(invocation.TargetMethod.Name);

    /// <summary>Classifies what happens to the socket value produced by <paramref name="value"/>.</summary>
    public static SocketUse Classify(IOperation value, WorkerSocketsSymbols symbols)
    {
        var operation = value.OutermostConversion();

        // Conditional, coalesce and switch expressions pass the socket through to whatever consumes them.
        while (true)
        {
            if (operation.Parent is IConditionalOperation { WhenTrue: not null } conditional && conditional.Condition != operation
                || operation.Parent is ICoalesceOperation)
            {
                operation = operation.Parent.OutermostConversion();
            }
            else if (operation.Parent is ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } arm && arm.Value == operation)
            {
                operation = switchExpression.OutermostConversion();
            }
            else if (operation.Parent is IArgumentOperation { Parent: IInvocationOperation wrapper } && IsDisposalWrapper(wrapper.TargetMethod))
            {
                // s.ConfigureAwait(false) on an IAsyncDisposable: disposing the wrapper disposes the socket.
                operation = wrapper.OutermostConversion();
            }
            else
            {
                break;
            }
        }

        var parent = operation.Parent;

        // s?.CloseAsync(): the call's instance is a placeholder for the value tested against null.
        if (parent is IConditionalAccessOperation { WhenNotNull: IInvocationOperation { Instance: IConditionalAccessInstanceOperation } conditionalCall } access
            && access.Operation == operation)
        {
            return ClassifyInstanceCall(conditionalCall, symbols);
        }

        // Log("{S}", s) binds s into an implicit params object[] (CloseAll(a, b) into a params WorkerSocket[]): an argument
        // like any other, whose callee decides (see CalleeOwnership), not a collection we keep.
        if (parent is IArrayInitializerOperation { Parent: IArrayCreationOperation { IsImplicit: true, Parent: IArgumentOperation { ArgumentKind: ArgumentKind.ParamArray } paramsArgument } })
        {
            return ClassifyArgument(paramsArgument, symbols);
        }

        // await using var stream = s.Stream: disposing the socket's Stream view closes the socket, and so does disposing a
        // reader, writer or stream built over it (using var reader = new StreamReader(s.Stream)). Such a wrapper carries the
        // socket's life with it, so returning or storing it hands the socket over too
        // (return new HttpResponseMessage { Content = new StreamContent(s.Stream) }: the response closes it; return s.Stream).
        if (parent is IPropertyReferenceOperation { Property.Name: "Stream" } view && view.Instance == operation && symbols.IsSocket(view.Property.ContainingType)
            && ReleasedThroughWrappers(view, symbols, 0) is { } disposedView)
        {
            return disposedView;
        }

        var use = parent switch
        {
            IInvocationOperation invocation when invocation.Instance == operation => ClassifyInstanceCall(invocation, symbols),
            IIsPatternOperation { Pattern: var pattern } isPattern when isPattern.Value == operation && DeclaredLocal(pattern) is { } alias
                => new SocketUse(SocketUseKind.StoredInLocal, isPattern, local: alias),
            ITupleOperation tuple when DeconstructedInto(tuple, operation) is { } target => ClassifyStore(target, tuple.OutermostConversion().Parent!),
            IArgumentOperation argument => ClassifyArgument(argument, symbols),
            IReturnOperation returned => new SocketUse(SocketUseKind.Returned, returned),
            IAssignmentOperation assignment when assignment.Value == operation => ClassifyStore(assignment.Target, assignment),
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => ClassifyDeclarator(declarator),
            IVariableInitializerOperation { Parent: IVariableDeclarationOperation { Declarators.Length: 1 } declaration } => ClassifyDeclarator(declaration.Declarators[0]),
            IUsingOperation usingOperation when usingOperation.Resources == operation => new SocketUse(SocketUseKind.Disposed, usingOperation),
            IFieldInitializerOperation initializer => new SocketUse(SocketUseKind.StoredInMember, initializer, initializer.InitializedFields.IsDefaultOrEmpty ? null : initializer.InitializedFields[0]),
            IPropertyInitializerOperation initializer => new SocketUse(SocketUseKind.StoredInMember, initializer, initializer.InitializedProperties.IsDefaultOrEmpty ? null : initializer.InitializedProperties[0]),
            IArrayInitializerOperation or ICollectionExpressionOperation or ITupleOperation or IAnonymousObjectCreationOperation
                => new SocketUse(SocketUseKind.StoredInCollection, parent, container: parent),
            ISpreadOperation or IArrayElementReferenceOperation => new SocketUse(SocketUseKind.StoredInCollection, parent, container: parent),
            _ => new SocketUse(SocketUseKind.Kept, parent ?? operation),
        };

        if (!use.EndsOwnership && value is ILocalReferenceOperation or IParameterReferenceOperation && IsCaptured(value))
        {
            return new SocketUse(SocketUseKind.Captured, value);
        }

        return use;
    }

    /// <summary>
    /// The use that ends the life of <paramref name="stream"/> (the socket's view, or a wrapper over it): a <c>using</c>
    /// that disposes it, a <c>return</c>, or a store in a field, property or collection — directly, or through wrappers
    /// constructed over it whose disposal disposes what they wrap (.NET's convention for <c>StreamReader</c>,
    /// <c>StreamWriter</c>, <c>StreamContent</c>, <c>SslStream</c>...) unless built with <c>leaveOpen: true</c>. Only
    /// constructors in referenced assemblies are trusted to follow it. A view or wrapper kept in a local is followed through
    /// the local's reads (disposed, returned, stored or wrapped there), a few levels deep.
    /// </summary>
    private static SocketUse? ReleasedThroughWrappers(IOperation stream, WorkerSocketsSymbols symbols, int depth)
    {
        // stream.Dispose() / await writer.DisposeAsync() / reader.Close(), on the value itself or on the local it is kept in.
        if (stream.Parent is IInvocationOperation call && call.Instance == stream && IsExplicitDisposal(call))
        {
            return new SocketUse(SocketUseKind.Closed, call);
        }

        var use = Classify(stream, symbols);
        if (use.Kind is SocketUseKind.Disposed or SocketUseKind.Returned or SocketUseKind.StoredInMember or SocketUseKind.StoredInCollection)
        {
            return use;
        }

        // var stream = s.Stream; ... stream.Dispose() / using var reader = new StreamReader(stream) / return stream.
        if (depth < 3 && use is { Kind: SocketUseKind.StoredInLocal, Local: { } holder } && !symbols.IsSocket(holder.Type))
        {
            foreach (var read in ReadsOf(holder, stream.Root()))
            {
                if (ReleasedThroughWrappers(read, symbols, depth + 1) is { } released)
                {
                    return released;
                }
            }
        }

        return depth < 3 && use is { Kind: SocketUseKind.HandedOff, Operation: IObjectCreationOperation { Constructor: { } constructor } wrapper }
               && constructor.DeclaringSyntaxReferences.IsDefaultOrEmpty && !LeavesOpen(wrapper)
            ? ReleasedThroughWrappers(wrapper, symbols, depth + 1)
            : null;
    }

    /// <summary><c>Dispose()</c>, <c>DisposeAsync()</c> or <c>Close()</c> called on a stream, reader or writer.</summary>
    private static bool IsExplicitDisposal(IInvocationOperation call)
        => call.TargetMethod is { Name: "Dispose" or "DisposeAsync" or "Close", Parameters.Length: 0, IsStatic: false };

    /// <summary>Whether a wrapper is told to leave what it wraps open (<c>leaveOpen</c>, <c>SslStream</c>'s <c>leaveInnerStreamOpen</c>: true, or a value not known here).</summary>
    private static bool LeavesOpen(IObjectCreationOperation wrapper)
    {
        foreach (var argument in wrapper.Arguments)
        {
            if (argument.Parameter is { Name: var name } && name.StartsWith("leave", StringComparison.Ordinal) && name.EndsWith("Open", StringComparison.Ordinal)
                && argument.Value.ConstantValue is not { HasValue: true, Value: false })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every read of <paramref name="local"/> in <paramref name="root"/> (writes excluded).</summary>
    public static IReadOnlyList<ILocalReferenceOperation> ReadsOf(ILocalSymbol local, IOperation root)
    {
        var state = (local, reads: new List<ILocalReferenceOperation>());
        OperationWalk.VisitDescendants(root, ref state, CollectRead);
        return state.reads;
    }

    // The kind is read before the interface test, which costs more on the many operations that are not local references.
    private static readonly OperationVisitor<(ILocalSymbol Local, List<ILocalReferenceOperation> Reads)> CollectRead =
        static (IOperation operation, ref (ILocalSymbol Local, List<ILocalReferenceOperation> Reads) state) =>
        {
            if (operation.Kind == OperationKind.LocalReference && operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, state.Local) && !reference.IsWrite())
            {
                state.Reads.Add(reference);
            }

            return WalkStep.Continue;
        };

    /// <summary>The reads of <paramref name="local"/> (after <paramref name="after"/>) that end ownership of the socket it holds.</summary>
    public static List<IOperation> ReleasesOf(ILocalSymbol local, IOperation root, WorkerSocketsSymbols symbols, int after = -1)
        => ReleasesOf(local, root, symbols, after, 0);

    private static List<IOperation> ReleasesOf(ILocalSymbol local, IOperation root, WorkerSocketsSymbols symbols, int after, int depth)
    {
        var releases = new List<IOperation>();
        foreach (var reference in ReadsOf(local, root))
        {
            if (reference.Syntax.SpanStart <= after)
            {
                continue;
            }

            // switch (s) { case WorkerSocket open: ... }: each case that names the socket copies it into its own local, and
            // closing (returning, storing...) that copy in the section counts as a release on that section's path.
            if (depth < 3 && reference.Parent is ISwitchOperation switchStatement && switchStatement.Value == reference)
            {
                foreach (var section in switchStatement.Cases)
                {
                    foreach (var clause in section.Clauses)
                    {
                        if (clause is IPatternCaseClauseOperation { Pattern: var pattern } && DeclaredLocal(pattern) is { } caseAlias)
                        {
                            releases.AddRange(ReleasesOf(caseAlias, root, symbols, reference.Syntax.SpanStart, depth + 1));
                        }
                    }
                }

                continue;
            }

            if (Classify(reference, symbols) is not { EndsOwnership: true } use)
            {
                continue;
            }

            // Copying the socket into another local (var alias = s, s is { } open) passes the duty on: it counts when the
            // copy is released (a few copies deep; a copy of a copy that loops back counts as released).
            if (use is { Kind: SocketUseKind.StoredInLocal, Local: { } alias } && !SymbolEqualityComparer.Default.Equals(alias, local)
                && depth < 3 && ReleasesOf(alias, root, symbols, reference.Syntax.SpanStart, depth + 1).Count == 0)
            {
                continue;
            }

            releases.Add(reference);
        }

        return releases;
    }

    /// <summary>Whether a local or parameter reference sits in a lambda or local function declared inside the symbol's scope.</summary>
    public static bool IsCaptured(IOperation reference)
    {
        ISymbol? symbol = reference switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

        if (symbol is null)
        {
            return false;
        }

        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation && symbol.IsDeclaredOutside(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The operation a <c>using</c> would take as its resource when <paramref name="value"/> is disposed by it: the value
    /// itself, or the <c>ConfigureAwait(false)</c> wrapper around it.
    /// </summary>
    internal static IOperation UsingResource(IOperation value)
    {
        var resources = value.OutermostConversion();
        return resources.Parent is IArgumentOperation { Parent: IInvocationOperation wrapper } && IsDisposalWrapper(wrapper.TargetMethod)
            ? wrapper.OutermostConversion()
            : resources;
    }

    /// <summary><c>ConfigureAwait(bool)</c> on an <c>IAsyncDisposable</c>: a struct whose disposal disposes the receiver.</summary>
    private static bool IsDisposalWrapper(IMethodSymbol method)
        => method is { Name: "ConfigureAwait", IsExtensionMethod: true, Parameters.Length: 2 }
           && method.Parameters[0].Type is { Name: "IAsyncDisposable", ContainingNamespace.Name: "System" };

    /// <summary>
    /// The local an <c>is</c> pattern copies the value into (<c>s is { } open</c>, <c>o is WorkerSocket s</c>, also negated:
    /// <c>if (s is not { } open) return;</c> leaves <c>open</c> holding it after the test): an alias, as <c>var alias = s</c>.
    /// </summary>
    private static ILocalSymbol? DeclaredLocal(IPatternOperation pattern) => pattern switch
    {
        INegatedPatternOperation { Pattern: var negated } => DeclaredLocal(negated),
        IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } => local,
        IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local } => local,
        _ => null,
    };

    /// <summary>
    /// For an element of a tuple literal that a deconstruction takes apart (<c>var (a, b) = (x, y)</c>), the target the
    /// element lands in; <see langword="null"/> for any other tuple (a tuple kept whole holds its elements).
    /// </summary>
    private static IOperation? DeconstructedInto(ITupleOperation tuple, IOperation element)
    {
        if (tuple.OutermostConversion().Parent is not IDeconstructionAssignmentOperation deconstruction || deconstruction.Value != tuple.OutermostConversion())
        {
            return null;
        }

        var targets = deconstruction.Target switch
        {
            ITupleOperation t => t,
            IDeclarationExpressionOperation { Expression: ITupleOperation t } => t,
            _ => null,
        };
        var index = tuple.Elements.IndexOf(element);
        if (targets is null || index < 0 || index >= targets.Elements.Length)
        {
            return null;
        }

        return targets.Elements[index] is IDeclarationExpressionOperation { Expression: var declared } ? declared : targets.Elements[index];
    }

    private static SocketUse ClassifyInstanceCall(IInvocationOperation invocation, WorkerSocketsSymbols symbols)
    {
        if (symbols.IsCloseOrDispose(invocation.TargetMethod))
        {
            return new SocketUse(SocketUseKind.Closed, invocation);
        }

        return symbols.IsStartTls(invocation.TargetMethod)
            ? new SocketUse(SocketUseKind.Upgraded, invocation)
            : new SocketUse(SocketUseKind.Kept, invocation);
    }

    private static SocketUse ClassifyArgument(IArgumentOperation argument, WorkerSocketsSymbols symbols)
    {
        switch (argument.Parent)
        {
            case IInvocationOperation invocation when CollectionAdds.Contains(invocation.TargetMethod.Name) && invocation.Instance is not null:
                return new SocketUse(SocketUseKind.StoredInCollection, invocation, container: invocation.Instance);
            case IPropertyReferenceOperation indexer when indexer.Parent is IAssignmentOperation assignment && assignment.Target == indexer:
                // The socket is an index, not the stored value.
                return new SocketUse(SocketUseKind.Kept, indexer);
            case { } callee when symbols.Callees.TakesOwnership(argument):
                return new SocketUse(SocketUseKind.HandedOff, callee);
            default:
                // A callee that only uses the socket borrows it: the caller still has to close it.
                return new SocketUse(SocketUseKind.Kept, argument);
        }
    }

    private static SocketUse ClassifyStore(IOperation target, IOperation assignment)
    {
        switch (target)
        {
            case IFieldReferenceOperation field:
                return new SocketUse(SocketUseKind.StoredInMember, assignment, field.Field, field.Instance);
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                return new SocketUse(SocketUseKind.StoredInCollection, assignment, indexer.Property, indexer.Instance);
            case IPropertyReferenceOperation property:
                return new SocketUse(SocketUseKind.StoredInMember, assignment, property.Property, property.Instance);
            case IArrayElementReferenceOperation element:
                return new SocketUse(SocketUseKind.StoredInCollection, assignment, container: element.ArrayReference);
            // using (s = ...) { } (also ((s = ...).ConfigureAwait(false))): the using disposes what the assignment stores, as
            // using (var s = ...) { } does.
            case ILocalReferenceOperation local when UsingResource(assignment) is { Parent: IUsingOperation usingOperation } resources
                                                     && usingOperation.Resources == resources:
                return new SocketUse(SocketUseKind.Disposed, usingOperation, local: local.Local);
            case ILocalReferenceOperation local:
                return new SocketUse(SocketUseKind.StoredInLocal, assignment, local: local.Local);
            case IDiscardOperation:
                return new SocketUse(SocketUseKind.Kept, assignment);
            default:
                return new SocketUse(SocketUseKind.HandedOff, assignment);
        }
    }

    private static SocketUse ClassifyDeclarator(IVariableDeclaratorOperation declarator)
    {
        // using var s = ...; await using var s = ...;
        if (declarator.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation usingDeclaration } })
        {
            return new SocketUse(SocketUseKind.Disposed, usingDeclaration, local: declarator.Symbol);
        }

        // using (var s = ...) { }
        for (IOperation? current = declarator.Parent; current is not null; current = current.Parent)
        {
            if (current is IUsingOperation usingOperation)
            {
                return new SocketUse(SocketUseKind.Disposed, usingOperation, local: declarator.Symbol);
            }

            if (current is not (IVariableDeclarationOperation or IVariableDeclarationGroupOperation))
            {
                break;
            }
        }

        return new SocketUse(SocketUseKind.StoredInLocal, declarator, local: declarator.Symbol);
    }
}
