using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// Methods in this compilation that hand their caller a new socket: they return <c>WorkerSocket</c> (or
/// <c>Task&lt;WorkerSocket&gt;</c> / <c>ValueTask&lt;WorkerSocket&gt;</c>) and every <c>return</c> is a connect, a
/// <c>StartTls()</c> or a call of another such factory (a ternary or switch expression of those, or a throw), or a local
/// assigned once from one that the method only reads, upgrades, closes or returns. A method that is not <c>async</c> but
/// returns a task hands over a completed one (<c>new ValueTask&lt;WorkerSocket&gt;(s)</c>, <c>Task.FromResult(s)</c>,
/// <c>ValueTask.FromResult(s)</c>) or another factory's task. The caller owns what they return, as it owns a
/// connect's socket (WSK007). A method that may return a socket it holds elsewhere (a field, a parameter, a local it also
/// stored or handed off) is not a factory. Answered once per method.
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
        // Cheap checks first: nearly every invocation calls a method in metadata, which has no declaring syntax (asking
        // for the return type of a method in metadata makes a new type wrapper when it carries a nullable annotation).
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || method.DeclaringSyntaxReferences.IsDefaultOrEmpty
            || !(SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.WorkerSocket) || IsTaskOfSocket(method.ReturnType))
            || symbols.IsSocketProducer(method) || symbols.IsStartTls(method))
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

    /// <summary>Whether a call of <paramref name="method"/> hands its socket over only where its task is awaited.</summary>
    public bool HandsOverWhenAwaited(IMethodSymbol method) => IsTaskOfSocket(method.ReturnType);

    /// <summary>The socket a task-returning factory's call hands over: the <c>await</c> of the call (through <c>ConfigureAwait</c>), or <see langword="null"/>.</summary>
    public IOperation? AwaitedResult(IInvocationOperation call)
    {
        if (!HandsOverWhenAwaited(call.TargetMethod))
        {
            return null;
        }

        var awaited = call.OutermostConversion();
        if (awaited.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == awaited)
        {
            awaited = configured;
        }

        return awaited.Parent is IAwaitOperation await ? await : null;
    }

    private bool IsTaskOfSocket(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments: [var result], ContainingNamespace.Name: "Tasks" }
           && SymbolEqualityComparer.Default.Equals(result, symbols.WorkerSocket);

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
                return EveryReturnIsNew(body, returnsTask: !method.IsAsync && IsTaskOfSocket(method.ReturnType));
            }
        }

        return false;
    }

    private bool EveryReturnIsNew(IOperation body, bool returnsTask)
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

            if (!(returnsTask ? IsNewTask(value, body) : IsNew(value, body)))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private bool IsNew(IOperation value, IOperation body)
    {
        value = value.WithoutConversions();
        return value switch
        {
            IThrowOperation => true,
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => IsNew(conditional.WhenTrue, body) && IsNew(whenFalse, body),
            ISwitchExpressionOperation switchExpression => AllArmsNew(switchExpression, body),
            IInvocationOperation invocation => IsNewCall(invocation),
            IAwaitOperation { Operation: var awaited } => awaited.WithoutConversions() is IInvocationOperation call && AwaitedResult(call) is not null && ReturnsNewSocket(call.TargetMethod),
            // A local the method disposes ('await using var s = ...; return s;') hands out a closed socket: not a factory.
            ILocalReferenceOperation { Local: var local } => local.TryGetSingleAssignedValue(body, out var assigned) && IsNew(assigned, body)
                && SocketOwnership.Classify(assigned, symbols).Kind == SocketUseKind.StoredInLocal && OnlyReadOrReturned(local, body),
            _ => false,
        };
    }

    private bool IsNewCall(IInvocationOperation invocation)
        => symbols.IsSocketProducer(invocation.TargetMethod) || symbols.IsStartTls(invocation.TargetMethod)
           || !HandsOverWhenAwaited(invocation.TargetMethod) && ReturnsNewSocket(invocation.TargetMethod);

    /// <summary>For a factory that returns a task without being <c>async</c>: whether the returned task holds a new socket.</summary>
    private bool IsNewTask(IOperation value, IOperation body)
    {
        value = value.WithoutConversions();
        if (CompletedWith(value) is { } socket)
        {
            return IsNew(socket, body);
        }

        return value switch
        {
            IThrowOperation => true,
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => IsNewTask(conditional.WhenTrue, body) && IsNewTask(whenFalse, body),
            ISwitchExpressionOperation switchExpression => AllArms(switchExpression, arm => IsNewTask(arm, body)),
            // Another factory's task, handed on unawaited.
            IInvocationOperation call => HandsOverWhenAwaited(call.TargetMethod) && ReturnsNewSocket(call.TargetMethod),
            _ => false,
        };
    }

    /// <summary>The socket a completed task is made of: <c>new ValueTask&lt;WorkerSocket&gt;(s)</c>, <c>Task.FromResult(s)</c>, <c>ValueTask.FromResult(s)</c>.</summary>
    private IOperation? CompletedWith(IOperation value)
    {
        var (type, arguments) = value switch
        {
            IObjectCreationOperation creation => (creation.Type, creation.Arguments),
            IInvocationOperation { TargetMethod: { Name: "FromResult", IsStatic: true } } call => (call.Type, call.Arguments),
            _ => (null, default),
        };

        return type is not null && IsTaskOfSocket(type) && arguments is [{ Parameter.Type: var parameterType } argument]
               && SymbolEqualityComparer.Default.Equals(parameterType, symbols.WorkerSocket)
            ? argument.Value
            : null;
    }

    /// <summary>Whether the factory's local is only used, closed (on a failure path) or returned: never stored, handed off or captured.</summary>
    private bool OnlyReadOrReturned(ILocalSymbol local, IOperation body)
    {
        foreach (var read in SocketOwnership.ReadsOf(local, body))
        {
            // An upgrade hands the connection to the socket StartTls returns; a completed task made of the local is returned.
            var use = SocketOwnership.Classify(read, symbols);
            if (use.Kind is not (SocketUseKind.Kept or SocketUseKind.Closed or SocketUseKind.Returned or SocketUseKind.Upgraded)
                && !(use.Kind == SocketUseKind.HandedOff && CompletedWith(use.Operation) is not null && use.Operation.OutermostConversion().Parent is IReturnOperation))
            {
                return false;
            }
        }

        return true;
    }

    private bool AllArmsNew(ISwitchExpressionOperation switchExpression, IOperation body) => AllArms(switchExpression, arm => IsNew(arm, body));

    private static bool AllArms(ISwitchExpressionOperation switchExpression, Func<IOperation, bool> isNew)
    {
        foreach (var arm in switchExpression.Arms)
        {
            if (!isNew(arm.Value))
            {
                return false;
            }
        }

        return true;
    }
}
