using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// Decides from the callee whether passing a socket to it hands over ownership (after IDisposableAnalyzers). A method
/// in source takes ownership when its body closes, disposes, upgrades, returns or stores the parameter, or passes it on
/// to a callee that does; the answer is cached per parameter. A method in metadata borrows, except the shapes that keep
/// their argument: a constructor, and a parameter of a generic type parameter (<c>List&lt;T&gt;.Add</c>,
/// <c>Task.FromResult</c>, <c>Interlocked.Exchange</c>). Any method or parameter marked with an attribute named
/// <c>TakesOwnershipAttribute</c> (any namespace) takes ownership. Recursion is cut by assuming a borrow for a
/// parameter already being analysed; only answers that do not rest on that assumption are cached.
/// </summary>
internal sealed class CalleeOwnership
{
    /// <summary>The attribute users put on a method or parameter that takes ownership; matched by name, so any assembly can declare it.</summary>
    public const string AttributeName = "TakesOwnershipAttribute";

    // Parameters being analysed on this thread, outermost first: a recursive call back into one of them is assumed to borrow.
    [ThreadStatic]
    private static List<IParameterSymbol>? inProgress;

    // The outermost position in inProgress that an answer on this thread assumed to borrow (int.MaxValue: none). A
    // "borrows" answer that leans on an assumption about an outer parameter is not final and is not cached, so a cached
    // answer never depends on which method the analysis, or which thread, happened to start from.
    [ThreadStatic]
    private static int outermostAssumed;

    private readonly WorkerSocketsSymbols symbols;
    private readonly ConcurrentDictionary<IParameterSymbol, bool> answers = new(SymbolEqualityComparer.Default);

    // Whether a parameter of a method in source is read, written, closed or upgraded in its body (WSK006). "Yes" is final
    // whenever found; "no" is cached only when computed with the full depth budget, so answers do not depend on call order.
    private readonly ConcurrentDictionary<IParameterSymbol, bool> ioAnswers = new(SymbolEqualityComparer.Default);

    private const int IoDepth = 3;

    public CalleeOwnership(WorkerSocketsSymbols symbols) => this.symbols = symbols;

    /// <summary>
    /// Whether the callee of <paramref name="argument"/> (a method in this compilation) reads, writes, closes or upgrades
    /// the socket passed in it: uses <c>Readable</c>, <c>Writable</c> or <c>Stream</c>, calls <c>CloseAsync</c>,
    /// <c>DisposeAsync</c> or <c>StartTls</c>, or passes it on to a callee that does (a few calls deep). A method in
    /// metadata, a delegate or a recursion cut short counts as not doing I/O.
    /// </summary>
    public bool DoesIo(IArgumentOperation argument)
        => argument.Parameter is { ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.DelegateInvoke } method } parameter
           && HasBody(method) && DoesIo(parameter.OriginalDefinition, 0);

    private bool DoesIo(IParameterSymbol parameter, int depth)
    {
        if (ioAnswers.TryGetValue(parameter, out var known))
        {
            return known;
        }

        if (depth > IoDepth)
        {
            return false;
        }

        var does = AnalyseIo(parameter, depth);
        if (does || depth == 0)
        {
            ioAnswers.TryAdd(parameter, does);
        }

        return does;
    }

    private bool AnalyseIo(IParameterSymbol parameter, int depth)
    {
        var method = Implementation((IMethodSymbol)parameter.ContainingSymbol);
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!symbols.Compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

            var syntax = reference.GetSyntax();
#pragma warning disable RS1030 // The callee's body may sit in another tree; it is bound once per parameter and cached.
            var model = symbols.Compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetOperation(syntax) is not { } body)
            {
                continue;
            }

            foreach (var operation in body.Descendants())
            {
                if (operation is not IParameterReferenceOperation use || !SymbolEqualityComparer.Default.Equals(use.Parameter.OriginalDefinition, parameter) || use.IsWrite())
                {
                    continue;
                }

                switch (use.OutermostConversion().Parent)
                {
                    case IPropertyReferenceOperation { Property.Name: "Readable" or "Writable" or "Stream" } property when symbols.IsSocket(property.Property.ContainingType):
                        return true;
                    case IInvocationOperation call when call.Instance is not null && (symbols.IsCloseOrDispose(call.TargetMethod) || symbols.IsStartTls(call.TargetMethod)):
                        return true;
                    case IArgumentOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.DelegateInvoke } next } nextParameter }
                        when HasBody(next) && DoesIo(nextParameter.OriginalDefinition, depth + 1):
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the callee of <paramref name="argument"/> takes ownership of the socket passed in it.</summary>
    public bool TakesOwnership(IArgumentOperation argument)
    {
        if (argument.Parameter is not { } parameter)
        {
            return false;
        }

        var method = parameter.ContainingSymbol as IMethodSymbol;
        if (HasMarker(parameter.GetAttributes()) || (method is not null && HasMarker(method.GetAttributes())))
        {
            return true;
        }

        if (method is null || method.MethodKind is MethodKind.DelegateInvoke)
        {
            // A delegate's target is unknown: borrowing is the common case (handlers, callbacks), as CA2000 assumes.
            return false;
        }

        if (HasBody(method))
        {
            // In source the body decides, also for a generic parameter (Trace<T>(T value) only reads it).
            return Answer(parameter.OriginalDefinition);
        }

        if (parameter.OriginalDefinition.Type is ITypeParameterSymbol or IArrayTypeSymbol { ElementType: ITypeParameterSymbol })
        {
            // A generic container or wrapper keeps what it is given (Add, FromResult, Exchange, Lazy, tuples, ImmutableArray.Create(params T[])).
            return true;
        }

        // A constructor in metadata, or a primary constructor / record: it keeps the argument.
        return method.MethodKind == MethodKind.Constructor;
    }

    /// <summary>The answer for a parameter of a method in source: cached once final, assumed "borrows" inside its own recursion.</summary>
    private bool Answer(IParameterSymbol parameter)
    {
        if (answers.TryGetValue(parameter, out var known))
        {
            return known;
        }

        inProgress ??= new List<IParameterSymbol>();
        for (var i = 0; i < inProgress.Count; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(inProgress[i], parameter))
            {
                outermostAssumed = Math.Min(outermostAssumed, i);
                return false;
            }
        }

        var depth = inProgress.Count;
        var outerAssumed = depth == 0 ? int.MaxValue : outermostAssumed;
        outermostAssumed = int.MaxValue;
        inProgress.Add(parameter);
        try
        {
            var takes = Analyse(parameter);

            // "Takes ownership" is final whatever was assumed; "borrows" is final unless it assumed an outer parameter borrows.
            if (takes || outermostAssumed >= depth)
            {
                answers.TryAdd(parameter, takes);
            }

            return takes;
        }
        finally
        {
            inProgress.RemoveAt(depth);
            outermostAssumed = Math.Min(outerAssumed, outermostAssumed >= depth ? int.MaxValue : outermostAssumed);
        }
    }

    private static bool HasMarker(System.Collections.Immutable.ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass?.Name == AttributeName)
            {
                return true;
            }
        }

        return false;
    }

    private static IMethodSymbol Implementation(IMethodSymbol method) => (method.PartialImplementationPart ?? method).OriginalDefinition;

    /// <summary>
    /// Whether the method's own body is in this compilation's source (not abstract, extern, partial without
    /// implementation, a primary constructor, or source of a referenced project, which counts as metadata).
    /// </summary>
    private bool HasBody(IMethodSymbol method)
    {
        var implementation = Implementation(method);
        if (implementation.IsAbstract || implementation.IsExtern)
        {
            return false;
        }

        foreach (var reference in implementation.DeclaringSyntaxReferences)
        {
            if (!symbols.Compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                return false;
            }

            var hasBody = reference.GetSyntax() switch
            {
                BaseMethodDeclarationSyntax declaration => declaration.Body is not null || declaration.ExpressionBody is not null,
                LocalFunctionStatementSyntax local => local.Body is not null || local.ExpressionBody is not null,
                _ => false,
            };

            if (hasBody)
            {
                return true;
            }
        }

        return false;
    }

    private bool Analyse(IParameterSymbol parameter)
    {
        var method = Implementation((IMethodSymbol)parameter.ContainingSymbol);
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            // In the IDE a referenced project's method has source too, in another compilation: treat it as metadata.
            if (!symbols.Compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

            var syntax = reference.GetSyntax();
#pragma warning disable RS1030 // The callee's body may sit in another tree; it is bound once per parameter and cached.
            var model = symbols.Compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetOperation(syntax) is { } body && UsesEndOwnership(body, parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a read of an array of sockets (<c>params WorkerSocket[] sockets</c>) releases its elements: a <c>foreach</c>
    /// whose variable is closed (returned, stored...), an element <c>sockets[i]</c> that is, or a lambda handed the elements
    /// next to it (<c>Array.ForEach(sockets, s =&gt; ...)</c>, <c>sockets.Select(s =&gt; s.CloseAsync())</c>) that releases its parameter.
    /// </summary>
    private bool ReleasesElements(IParameterReferenceOperation array, IOperation body)
    {
        var read = array.OutermostConversion();
        switch (read.Parent)
        {
            case IForEachLoopOperation loop when loop.Collection.WithoutConversions() == array || loop.Collection == read:
                foreach (var local in loop.Locals)
                {
                    if (symbols.IsSocket(local.Type) && SocketOwnership.ReleasesOf(local, body, symbols).Count > 0)
                    {
                        return true;
                    }
                }

                return false;
            case IArrayElementReferenceOperation element:
                var use = SocketOwnership.Classify(element, symbols);
                return use.Kind == SocketUseKind.StoredInLocal && use.Local is not null
                    ? SocketOwnership.ReleasesOf(use.Local, body, symbols).Count > 0
                    : use.Kind is not (SocketUseKind.Kept or SocketUseKind.Captured);
            case IArgumentOperation { Parent: IInvocationOperation call }:
                foreach (var argument in call.Arguments)
                {
                    if (argument.Value.WithoutConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters: [var element, ..] } lambda }
                        && symbols.IsSocket(element.Type) && ParameterReleased(lambda.Body, element))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private bool ParameterReleased(IOperation body, IParameterSymbol parameter)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter)
                && SocketOwnership.Classify(reference, symbols).Kind is not (SocketUseKind.Kept or SocketUseKind.Captured))
            {
                return true;
            }
        }

        return false;
    }

    private bool UsesEndOwnership(IOperation body, IParameterSymbol parameter)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is not IParameterReferenceOperation reference
                || !SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter)
                || reference.IsWrite())
            {
                continue;
            }

            if (parameter.Type is IArrayTypeSymbol { ElementType: var element } && symbols.IsSocket(element) && ReleasesElements(reference, body))
            {
                return true;
            }

            // Dispose<T>(T value) where T : IAsyncDisposable => value.DisposeAsync(): disposes the socket it is given.
            if (parameter.Type is ITypeParameterSymbol
                && reference.OutermostConversion().Parent is IInvocationOperation { TargetMethod: { Name: "DisposeAsync", ContainingType: { Name: "IAsyncDisposable", ContainingNamespace.Name: "System" } } } dispose
                && dispose.Instance?.WithoutConversions() == reference)
            {
                return true;
            }

            var use = SocketOwnership.Classify(reference, symbols);
            switch (use.Kind)
            {
                case SocketUseKind.Kept or SocketUseKind.Captured:
                    continue;
                case SocketUseKind.StoredInLocal when use.Local is not null:
                    if (SocketOwnership.ReleasesOf(use.Local, body, symbols).Count > 0)
                    {
                        return true;
                    }

                    continue;
                default:
                    return true;
            }
        }

        return false;
    }
}
