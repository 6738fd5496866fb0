using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// Methods in this compilation that hand their caller a new socket: they return <c>WorkerSocket</c> and every
/// <c>return</c> is a connect, a <c>StartTls()</c> or a call of another such factory (a ternary or switch expression of
/// those, or a throw). The caller owns what they return, as it owns a connect's socket (WSK007). A method that may
/// return a socket it holds elsewhere (a field, a parameter, a local) is not a factory. Answered once per method.
/// </summary>
internal sealed class SocketFactories
{
    private const int MaxDepth = 4;

    [ThreadStatic]
    private static HashSet<IMethodSymbol>? inProgress;

    private readonly WorkerSocketsSymbols symbols;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> answers = new(SymbolEqualityComparer.Default);

    public SocketFactories(WorkerSocketsSymbols symbols) => this.symbols = symbols;

    /// <summary>Whether <paramref name="method"/> is a source method whose every return is a new socket.</summary>
    public bool ReturnsNewSocket(IMethodSymbol method)
    {
        // Cheap checks first: nearly every invocation fails on the return type.
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || method.IsAsync
            || !SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.WorkerSocket)
            || method.DeclaringSyntaxReferences.IsDefaultOrEmpty || symbols.IsSocketProducer(method) || symbols.IsStartTls(method))
        {
            return false;
        }

        var definition = (method.PartialImplementationPart ?? method).OriginalDefinition;
        if (answers.TryGetValue(definition, out var known))
        {
            return known;
        }

        inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        if (inProgress.Count >= MaxDepth || !inProgress.Add(definition))
        {
            // Recursion (or a long chain): not provably a factory; not cached, the outermost call decides.
            return false;
        }

        try
        {
            var answer = Analyse(definition);
            if (inProgress.Count == 1)
            {
                answers.TryAdd(definition, answer);
            }

            return answer;
        }
        finally
        {
            inProgress.Remove(definition);
        }
    }

    private bool Analyse(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            // A referenced project's source (in the IDE) counts as metadata.
            if (!symbols.Compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                return false;
            }

            var syntax = reference.GetSyntax();
            if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax))
            {
                return false;
            }

#pragma warning disable RS1030 // The factory's body may sit in another tree; it is bound once per method and cached.
            var model = symbols.Compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetOperation(syntax) is { } body)
            {
                return EveryReturnIsNew(body);
            }
        }

        return false;
    }

    private bool EveryReturnIsNew(IOperation body)
    {
        var any = false;
        foreach (var operation in body.Descendants())
        {
            // Returns of lambdas and local functions inside the body are theirs, not the method's.
            if (operation is not IReturnOperation { ReturnedValue: { } value } returned
                || returned.EnclosingFunction() is { } owner && owner.Syntax != body.Syntax)
            {
                continue;
            }

            if (!IsNew(value))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private bool IsNew(IOperation value)
    {
        value = value.WithoutConversions();
        return value switch
        {
            IThrowOperation => true,
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => IsNew(conditional.WhenTrue) && IsNew(whenFalse),
            ISwitchExpressionOperation switchExpression => AllArmsNew(switchExpression),
            IInvocationOperation invocation => symbols.IsSocketProducer(invocation.TargetMethod) || symbols.IsStartTls(invocation.TargetMethod)
                                               || ReturnsNewSocket(invocation.TargetMethod),
            _ => false,
        };
    }

    private bool AllArmsNew(ISwitchExpressionOperation switchExpression)
    {
        foreach (var arm in switchExpression.Arms)
        {
            if (!IsNew(arm.Value))
            {
                return false;
            }
        }

        return true;
    }
}
