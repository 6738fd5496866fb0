using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>
/// WSK003: a socket stored where other requests can reach it (statics, fields of the shared [Worker] instance) or
/// captured by work that outlives the request (Task.Run, the thread pool, threads, timers) unless that work goes to WaitUntil.
/// </summary>
public sealed class SocketEscapesRequestAnalyzer : WorkerSocketsAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.SocketEscapesRequest);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var assignment = (IAssignmentOperation)operation.Operation;
                var value = assignment.Value.WithoutConversions();
                if (symbols.IsSocket(value.Type))
                {
                    ReportStore(operation, value, symbols);
                }
                else if (value is IDelegateCreationOperation && SharedMemberOf(assignment.Target, symbols) is { } member)
                {
                    // Shared.OnTick = () => s.Writable.Complete(); a shared delegate outlives the request and keeps the socket.
                    ReportSharedDelegate(operation, value, member, symbols);
                }
            },
            OperationKind.SimpleAssignment,
            OperationKind.CoalesceAssignment,
            OperationKind.CompoundAssignment);

        context.RegisterOperationAction(
            operation =>
            {
                // Shared.Changed += () => s.Writable.Complete();
                var assignment = (IEventAssignmentOperation)operation.Operation;
                if (assignment.Adds && assignment.EventReference is IEventReferenceOperation { Event: var @event } reference
                    && (@event.IsStatic || symbols.IsWorkerClass(InstanceType(reference.Instance)) || SharedMemberOf(reference.Instance, symbols) is not null)
                    && assignment.HandlerValue.WithoutConversions() is IDelegateCreationOperation handler)
                {
                    ReportSharedDelegate(operation, handler, @event, symbols);
                }
            },
            OperationKind.EventAssignment);

        context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                foreach (var argument in invocation.Arguments)
                {
                    // A ref argument is the place written to (Interlocked.Exchange(ref Shared.Socket, s)), not a value handed over.
                    var value = argument.Value.WithoutConversions();
                    if (symbols.IsSocket(value.Type) && argument.Parameter?.RefKind is not (RefKind.Ref or RefKind.Out))
                    {
                        ReportStore(operation, value, symbols);
                    }
                }

                if (SocketOwnership.IsCollectionAdd(invocation) && SharedMemberOf(invocation.Instance, symbols) is { } sharedCollection)
                {
                    ReportDelegatesStoredIn(operation, invocation, sharedCollection, symbols);
                }

                if (IsBackgroundWorkStarter(invocation.TargetMethod, symbols))
                {
                    ReportCaptures(operation, invocation, invocation.Arguments, symbols);
                }

                if (symbols.IsSocketProducer(invocation.TargetMethod) && SharedFactoryOwner(invocation, symbols) is { } owner)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(
                        RuleDescriptors.SocketEscapesRequest, invocation.Syntax.GetLocation(), invocation.Syntax.ToString(), $"the factory that opens it fills the shared '{owner.Name}'"));
                }
            },
            OperationKind.Invocation);

        context.RegisterOperationAction(
            operation =>
            {
                // private readonly WorkerSocket db = Sockets.Connect(...); in a [Worker]: opened once, shared by every request.
                // Static initializers are WSK004's: they run before any request exists.
                var value = operation.Operation switch
                {
                    IFieldInitializerOperation { InitializedFields: [{ IsStatic: false }, ..] } field => field.Value,
                    IPropertyInitializerOperation { InitializedProperties: [{ IsStatic: false }, ..] } property => property.Value,
                    _ => null,
                };

                if (value?.WithoutConversions() is { } socket && symbols.IsSocket(socket.Type))
                {
                    ReportStore(operation, socket, symbols);
                }
            },
            OperationKind.FieldInitializer,
            OperationKind.PropertyInitializer);

        context.RegisterOperationAction(
            operation =>
            {
                var creation = (IObjectCreationOperation)operation.Operation;

                // The name first: nearly no object created is a thread or a timer, and the original definition costs more.
                var type = creation.Type is { Name: "Thread" or "Timer" } created ? created.OriginalDefinition : null;
                if (type is not null
                    && (SymbolEqualityComparer.Default.Equals(type, symbols.Thread) || SymbolEqualityComparer.Default.Equals(type, symbols.ThreadingTimer)))
                {
                    ReportCaptures(operation, creation, creation.Arguments, symbols);
                }
            },
            OperationKind.ObjectCreation);
    }

    private static void ReportStore(OperationAnalysisContext context, IOperation value, WorkerSocketsSymbols symbols)
    {
        var use = SocketOwnership.Classify(value, symbols);
        string? reason = use.Kind switch
        {
            SocketUseKind.StoredInMember when use.Member is { IsStatic: true } => $"it is stored in static member '{use.Member.Name}'",
            SocketUseKind.StoredInMember when use.Member is not null
                && (symbols.IsWorkerClass(use.Member.ContainingType) || (!use.Member.IsStatic && symbols.IsWorkerClass(InstanceType(use.Container))))
                => $"it is stored in '{use.Member.Name}' of the [Worker] class, whose one instance serves every request",
            SocketUseKind.StoredInMember when use.Member is not null && SharedMemberOf(use.Container, symbols) is { } owner
                => $"it is stored in '{use.Member.Name}' of the shared '{owner.Name}'",
            SocketUseKind.StoredInCollection when SharedMemberOf(use.Container, symbols) is { } shared => $"it is stored in the shared collection '{shared.Name}'",
            SocketUseKind.HandedOff when InterlockedTarget(use.Operation, symbols) is { } shared => $"it is stored in static member '{shared.Name}'",
            _ => null,
        };

        if (reason is not null)
        {
            var at = use.Operation is IFieldInitializerOperation or IPropertyInitializerOperation ? value : use.Operation;
            context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.SocketEscapesRequest, at.Syntax.GetLocation(), NameOf(value), reason));
        }
    }

    /// <summary>
    /// The shared member a factory lambda returning this socket feeds: <c>Shared.Map.GetOrAdd(k, _ =&gt; Sockets.Connect(...))</c>,
    /// <c>static Lazy&lt;WorkerSocket&gt; Db = new(() =&gt; Sockets.Connect(...))</c>. The socket outlives the request that opened it.
    /// </summary>
    private static ISymbol? SharedFactoryOwner(IInvocationOperation connect, WorkerSocketsSymbols symbols) => SharedFactoryOwner(connect, symbols, 0);

    /// <summary>
    /// <paramref name="connect"/> is the socket, or (one level out) an object constructed over the factory lambda that an
    /// outer factory lambda hands back in turn: <c>Shared.Map.GetOrAdd(k, _ =&gt; new Lazy&lt;WorkerSocket&gt;(() =&gt; Sockets.Connect(...)))</c>.
    /// </summary>
    private static ISymbol? SharedFactoryOwner(IOperation connect, WorkerSocketsSymbols symbols, int depth)
    {
        if (connect.EnclosingFunction() is not IAnonymousFunctionOperation lambda
            || !LambdaResults.HandsBack(lambda, connect, symbols)
            || lambda.OutermostConversion().Parent is not IDelegateCreationOperation factory
            || factory.OutermostConversion().Parent is not IArgumentOperation argument)
        {
            return null;
        }

        switch (argument.Parent)
        {
            case IInvocationOperation { Instance: { } instance }:
                return SharedMemberOf(instance, symbols);
            case IObjectCreationOperation creation:
                var use = SocketOwnership.Classify(creation, symbols);
                if (use.Kind == SocketUseKind.StoredInMember && use.Member is { } member
                    && (member.IsStatic || symbols.IsWorkerClass(member.ContainingType) || SharedMemberOf(use.Container, symbols) is not null))
                {
                    return member;
                }

                return depth < 2 ? SharedFactoryOwner(creation, symbols, depth + 1) : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>Shared.OnShutdown.Add(() =&gt; socket.CloseAsync())</c>: a delegate added as an element of a shared collection (the
    /// parameter is the collection's element type) lives as long as the collection, and so does every socket it captures.
    /// A delegate the call only runs (a <c>GetOrAdd</c> value factory) is not the element and is left alone.
    /// </summary>
    private static void ReportDelegatesStoredIn(OperationAnalysisContext context, IInvocationOperation add, ISymbol collection, WorkerSocketsSymbols symbols)
    {
        foreach (var argument in add.Arguments)
        {
            if (argument.Parameter?.OriginalDefinition.Type is ITypeParameterSymbol
                && argument.Value.WithoutConversions() is IDelegateCreationOperation handler)
            {
                ReportSharedDelegate(context, handler, collection, symbols);
            }
        }
    }

    private static void ReportSharedDelegate(OperationAnalysisContext context, IOperation handler, ISymbol member, WorkerSocketsSymbols symbols)
    {
        var function = ((IDelegateCreationOperation)handler).Target as IAnonymousFunctionOperation;
        if (function is not null && FirstCapturedSocket(function, symbols) is { } captured)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.SocketEscapesRequest, handler.Syntax.GetLocation(), captured.Name, $"it is captured by a delegate kept in the shared '{member.Name}'"));
        }
    }

    /// <summary>The shared member of <c>Interlocked.Exchange(ref Shared.Socket, s)</c> / <c>CompareExchange</c>.</summary>
    private static ISymbol? InterlockedTarget(IOperation call, WorkerSocketsSymbols symbols)
        => call is IInvocationOperation { TargetMethod: { Name: "Exchange" or "CompareExchange", ContainingType: { Name: "Interlocked" } }, Arguments: [{ } location, ..] }
            ? SharedMemberOf(location.Value, symbols)
            : null;

    /// <summary>
    /// The static member, or member of the [Worker] class, that <paramref name="container"/> reads — directly or through
    /// the objects it hangs off (<c>Globals.Current.Spares</c>: the static <c>Current</c> keeps <c>Spares</c> alive across
    /// requests). The chain of field and property reads is followed a few steps up; a local, parameter or call ends it.
    /// </summary>
    private static ISymbol? SharedMemberOf(IOperation? container, WorkerSocketsSymbols symbols)
    {
        var current = container?.WithoutConversions();
        for (var depth = 0; depth < 4 && current is IFieldReferenceOperation or IPropertyReferenceOperation; depth++)
        {
            var reference = (IMemberReferenceOperation)current;
            var instanceType = InstanceType(reference.Instance);
            if (reference.Member.IsStatic || symbols.IsWorkerClass(reference.Member.ContainingType) || symbols.IsWorkerClass(instanceType))
            {
                return reference.Member;
            }

            current = reference.Instance?.WithoutConversions();
        }

        return null;
    }

    /// <summary>
    /// The type of the object <paramref name="instance"/> refers to. <c>base.Field</c> is typed as the base class, but the
    /// object is this one: for <c>base</c> the answer is the enclosing class, so a
    /// field a [Worker] inherits is shared whichever way it is written.
    /// </summary>
    private static INamedTypeSymbol? InstanceType(IOperation? instance)
    {
        // Only base. differs from its own static type; this. and the implicit receiver are already typed as the class.
        if (instance?.WithoutConversions() is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance, Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax } self
            && self.SemanticModel?.GetEnclosingSymbol(self.Syntax.SpanStart)?.ContainingType is { } enclosing)
        {
            return enclosing;
        }

        return instance?.Type as INamedTypeSymbol;
    }

    // The name first: the containing type's original definition is only asked for the few calls with a starter's name.
    private static bool IsBackgroundWorkStarter(IMethodSymbol method, WorkerSocketsSymbols symbols) => method.Name switch
    {
        "Run" => SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.Task),
        "StartNew" => method.ContainingType?.OriginalDefinition is { Name: "TaskFactory" } type && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks",
        "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" => SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.ThreadPool),
        _ => false,
    };

    private static void ReportCaptures(OperationAnalysisContext context, IOperation starter, ImmutableArray<IArgumentOperation> arguments, WorkerSocketsSymbols symbols)
    {
        if (IsHandedToWaitUntil(starter, symbols))
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (argument.Value.WithoutConversions() is not IDelegateCreationOperation delegateCreation)
            {
                continue;
            }

            var function = delegateCreation.Target switch
            {
                IAnonymousFunctionOperation lambda => lambda,
                IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference => FindLocalFunction(starter.Root(), reference.Method),
                _ => null,
            };

            var captured = function is null ? null : FirstCapturedSocket(function, symbols);
            if (captured is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    RuleDescriptors.SocketEscapesRequest,
                    argument.Value.Syntax.GetLocation(),
                    captured.Name,
                    "it is captured by work that can outlive the request; pass that work to WorkerContext.WaitUntil"));
            }
        }
    }

    /// <summary>
    /// Whether the work ends inside the request: its task is awaited (directly, through <c>ConfigureAwait</c>, <c>Unwrap</c>,
    /// <c>WaitAsync</c> or <c>ContinueWith</c>, or through an awaited <c>Task.WhenAll</c>/<c>WhenAny</c>), handed to
    /// <c>WaitUntil</c>, or returned by the method to its caller (whose <c>await</c> decides, as for a returned socket) —
    /// directly or from the local it is kept in.
    /// </summary>
    private static bool IsHandedToWaitUntil(IOperation starter, WorkerSocketsSymbols symbols)
    {
        if (EndsInRequest(starter, symbols, 0))
        {
            return true;
        }

        // var work = Task.Run(...); ...; await work; (or ctx.WaitUntil(work))
        var result = starter.OutermostConversion();
        if (result.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            foreach (var read in SocketOwnership.ReadsOf(declarator.Symbol, starter.Root()))
            {
                if (EndsInRequest(read, symbols, 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool EndsInRequest(IOperation task, WorkerSocketsSymbols symbols, int depth)
    {
        var current = task.OutermostConversion();
        while (AwaitsWith(current) is { } wrapper)
        {
            current = wrapper.OutermostConversion();
        }

        // Task.WhenAll(a, b) binds the tasks into a params array (or a collection expression) first.
        while (current.Parent is IArrayInitializerOperation or IArrayCreationOperation or ICollectionExpressionOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IAwaitOperation => true,
            // A task the method itself returns (a lambda's return goes wherever its caller puts it); a returned Timer or
            // Thread still runs on its own.
            IReturnOperation returned when returned.EnclosingFunction() is null
                => current.Type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace.Name: "Tasks" },

            // hosts.Select(h => Task.Run(...)): a lambda's task goes into the result of the call the lambda is handed to,
            // which is followed in turn (into an awaited Task.WhenAll, a local that is awaited...).
            IReturnOperation returned when depth < 4 && returned.EnclosingFunction() is IAnonymousFunctionOperation lambda
                                           && lambda.Parent is IDelegateCreationOperation creation
                                           && creation.OutermostConversion().Parent is IArgumentOperation { Parent: IInvocationOperation { Type.SpecialType: not SpecialType.System_Void } call }
                => EndsInRequest(call, symbols, depth + 1),
            IReturnOperation => false,
            IArgumentOperation { Parent: IInvocationOperation waitUntil } when symbols.IsWaitUntil(waitUntil.TargetMethod) => true,
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" } combined }
                when depth < 4 && SymbolEqualityComparer.Default.Equals(combined.TargetMethod.ContainingType, symbols.Task) => EndsInRequest(combined, symbols, depth + 1),
            _ => depth < 4 && TaskListLocal(current) is { } list && AnyReadEndsInRequest(list, current.Root(), symbols, depth + 1),
        };
    }

    /// <summary>A call whose task completes only after <paramref name="task"/> does, and is awaited in its place.</summary>
    private static IInvocationOperation? AwaitsWith(IOperation task) => task.Parent switch
    {
        IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "WaitAsync" or "ContinueWith" } wrapper when wrapper.Instance == task => wrapper,
        // task.Unwrap() is an extension method: the task is its first argument.
        IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Unwrap", IsExtensionMethod: true } } unwrap } argument
            when unwrap.Arguments.Length == 1 && unwrap.Arguments[0] == argument => unwrap,

        // tasks.ToList() / ToArray(): the same tasks, gathered.
        IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "ToList" or "ToArray", IsExtensionMethod: true } } gathered } argument
            when gathered.Arguments.Length == 1 && gathered.Arguments[0] == argument => gathered,
        _ => null,
    };

    /// <summary>
    /// The local collection a task is gathered into — <c>work.Add(task)</c>, <c>new List&lt;Task&gt; { task }</c>,
    /// <c>[task]</c>, <c>new[] { task }</c> — so that <c>await Task.WhenAll(work)</c> counts as awaiting it.
    /// </summary>
    private static ILocalSymbol? TaskListLocal(IOperation task)
    {
        if (task.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Add" or "Append" or "Enqueue" or "Push" } add })
        {
            switch (add.Instance?.WithoutConversions())
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
                    when add.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation }:
                    return DeclaredBy(creation);
            }

            return null;
        }

        return DeclaredBy(task);
    }

    private static ILocalSymbol? DeclaredBy(IOperation value)
        => value.OutermostConversion().Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;

    private static bool AnyReadEndsInRequest(ILocalSymbol local, IOperation root, WorkerSocketsSymbols symbols, int depth)
    {
        foreach (var read in SocketOwnership.ReadsOf(local, root))
        {
            if (EndsInRequest(read, symbols, depth))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? FindLocalFunction(IOperation root, IMethodSymbol method)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalFunctionOperation localFunction && SymbolEqualityComparer.Default.Equals(localFunction.Symbol, method.OriginalDefinition))
            {
                return localFunction;
            }
        }

        return null;
    }

    private static ISymbol? FirstCapturedSocket(IOperation function, WorkerSocketsSymbols symbols)
    {
        foreach (var operation in function.Descendants())
        {
            ISymbol? symbol = operation switch
            {
                ILocalReferenceOperation local when symbols.IsSocket(local.Local.Type) => local.Local,
                IParameterReferenceOperation parameter when symbols.IsSocket(parameter.Parameter.Type) => parameter.Parameter,
                _ => null,
            };

            if (symbol is not null && symbol.IsDeclaredOutside(function))
            {
                return symbol;
            }
        }

        return null;
    }

    private static string NameOf(IOperation value) => value switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        IFieldReferenceOperation field => field.Field.Name,
        IPropertyReferenceOperation property => property.Property.Name,
        _ => value.Syntax.ToString(),
    };
}
