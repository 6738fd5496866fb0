using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK007: a socket that some path leaves open: never closed, disposed, returned, stored or handed off on that path.</summary>
public sealed class SocketLeftOpenAnalyzer : WorkerSocketsAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.SocketLeftOpen);

    /// <summary>The diagnostic property that tells the code fix <c>await using</c> is safe: no path hands the socket out of the method.</summary>
    public const string DisposeHereProperty = "DisposeHere";

    private const string LeftOpenReason = "is left open on some path: it is not closed, disposed, returned, stored or handed off there";

    private const string ReturnedDisposedReason = "is returned after 'using' disposed it: the caller gets a closed socket; drop the 'using' and let the caller close it";

    private static readonly ImmutableDictionary<string, string?> DisposableHere = ImmutableDictionary<string, string?>.Empty.Add(DisposeHereProperty, "true");

    /// <summary>
    /// Whether every use of the local keeps the socket in this method or closes it: never returned, stored, handed to an
    /// owner, captured, upgraded or overwritten, so disposing it at the end of its scope cannot hand out a closed socket.
    /// </summary>
    private static bool LifeEndsInMethod(ILocalSymbol local, IOperation root, WorkerSocketsSymbols symbols)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (reference.IsWrite() || SocketOwnership.Classify(reference, symbols).Kind is not (SocketUseKind.Kept or SocketUseKind.Closed))
            {
                return false;
            }
        }

        return true;
    }

    private static bool InLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null and not (IAnonymousFunctionOperation or ILocalFunctionOperation); current = current.Parent)
        {
            if (current is ILoopOperation)
            {
                return true;
            }
        }

        return false;
    }

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (!symbols.IsSocketProducer(invocation.TargetMethod) && !symbols.IsStartTls(invocation.TargetMethod)
                    && !symbols.Factories.ReturnsNewSocket(invocation.TargetMethod))
                {
                    return;
                }

                // A factory returning a task hands its socket over where the task is awaited; a task kept unawaited is not followed.
                IOperation socket = invocation;
                if (symbols.Factories.HandsOverWhenAwaited(invocation.TargetMethod))
                {
                    if (symbols.Factories.AwaitedResult(invocation) is not { } awaited)
                    {
                        return;
                    }

                    socket = awaited;
                }

                var use = SocketOwnership.Classify(socket, symbols);
                if (use.Local is not null && DisposedReturns.Find(use, invocation.Root(), symbols))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.SocketLeftOpen, invocation.Syntax.GetLocation(), use.Local.Name, ReturnedDisposedReason));
                    return;
                }

                var leaked = use.Kind == SocketUseKind.Kept;
                if (use.Kind == SocketUseKind.StoredInLocal && use.Local is not null)
                {
                    // A release before a reassignment belongs to the previous socket, except in a loop, where it runs again
                    // before the next pass stores a new one.
                    var after = use.Operation is IAssignmentOperation && !InLoop(invocation) ? use.Operation.Syntax.Span.End : -1;
                    var releases = SocketOwnership.ReleasesOf(use.Local, invocation.Root(), symbols, after);
                    leaked = releases.Count == 0 || ReleasePaths.LeaksOnSomePath(invocation, use.Local, releases, operation)
                        || (invocation.EnclosingLoop() is { } loop && !use.Local.IsDeclaredOutside(loop) && LoopCopies.AnyHeldAcrossPasses(use.Local, loop, symbols, operation));
                }

                if (leaked)
                {
                    // 'await using object o = ...' does not compile: only a local typed as the socket gets the fix.
                    var properties = use.Local is not null && use.Operation is IVariableDeclaratorOperation && symbols.IsSocket(use.Local.Type)
                                     && LifeEndsInMethod(use.Local, invocation.Root(), symbols)
                        ? DisposableHere
                        : ImmutableDictionary<string, string?>.Empty;
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.SocketLeftOpen, invocation.Syntax.GetLocation(), properties, use.Local?.Name ?? invocation.TargetMethod.Name + "(...)", LeftOpenReason));
                }
            },
            OperationKind.Invocation);
}
