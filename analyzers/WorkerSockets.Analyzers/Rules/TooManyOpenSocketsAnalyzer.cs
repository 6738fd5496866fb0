using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK008: sockets opened in a loop and kept open, or a 7th socket open at once in one method.</summary>
public sealed class TooManyOpenSocketsAnalyzer : WorkerSocketsAnalyzer
{
    /// <summary>The platform's limit of simultaneously open sockets per request.</summary>
    public const int MaxOpenSockets = 6;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.TooManyOpenSockets);

    // A plain operation action, not an operation-block start action: a block action makes the driver set up and walk
    // every method body of the compilation for this rule, though nearly all of them open no socket.
    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (!symbols.IsSocketProducer(invocation.TargetMethod))
                {
                    return;
                }

                if (invocation.EnclosingLoop() is { } loop && IsKeptBeyond(invocation, loop, symbols, operation))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.TooManyOpenSockets, invocation.Syntax.GetLocation(), "This socket is opened in a loop and kept open"));
                }

                // The method's first connect speaks for the method: the count of what is open at once runs once per body.
                var body = invocation.Root();
                if (IsFirstOfMany(invocation, body, symbols) && OpenSocketPaths.FindOverLimit(body, symbols, MaxOpenSockets) is { } seventh)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.TooManyOpenSockets, seventh.Syntax.GetLocation(), "More than 6 sockets are open at once in this method"));
                }
            },
            OperationKind.Invocation);

    /// <summary>Whether <paramref name="connect"/> is the first of more than <see cref="MaxOpenSockets"/> connects in <paramref name="body"/>.</summary>
    private static bool IsFirstOfMany(IInvocationOperation connect, IOperation body, WorkerSocketsSymbols symbols)
    {
        // Runs for every connect: a walk without an iterator, which ends at the first connect that is not this one.
        var state = (connect, symbols, count: 0, many: false);
        OperationWalk.VisitDescendants(body, ref state, CountConnects);
        return state.many;
    }

    private static readonly OperationVisitor<(IInvocationOperation Connect, WorkerSocketsSymbols Symbols, int Count, bool Many)> CountConnects =
        static (IOperation operation, ref (IInvocationOperation Connect, WorkerSocketsSymbols Symbols, int Count, bool Many) state) =>
        {
            if (operation.Kind != OperationKind.Invocation || operation is not IInvocationOperation invocation || !state.Symbols.IsSocketProducer(invocation.TargetMethod))
            {
                return WalkStep.Continue;
            }

            if (state.Count == 0 && invocation != state.Connect)
            {
                return WalkStep.Stop;
            }

            state.Many = ++state.Count > MaxOpenSockets;
            return state.Many ? WalkStep.Stop : WalkStep.Continue;
        };

    private static bool IsKeptBeyond(IInvocationOperation connect, ILoopOperation loop, WorkerSocketsSymbols symbols, OperationAnalysisContext context)
    {
        var use = SocketOwnership.Classify(connect, symbols);
        if (use.Kind != SocketUseKind.StoredInLocal || use.Local is null)
        {
            return IsKeptOutside(use, loop);
        }

        if (use.Local.IsDeclaredOutside(loop))
        {
            // An outer local holds one socket at a time: it is only kept across iterations when the loop can come round to
            // this connect again before the previous socket is released (retry and reconnect loops close it or break out).
            // Every release of the local counts, wherever it is: one before the connect frees the previous pass's socket.
            var releases = SocketOwnership.ReleasesOf(use.Local, connect.Root(), symbols);
            return ReleasePaths.HeldOnLoopBack(connect, use.Local, releases, context);
        }

        foreach (var read in SocketOwnership.ReadsOf(use.Local, loop))
        {
            var copy = SocketOwnership.Classify(read, symbols);

            // A copy into an outer local (last = candidate) holds one socket at a time, as a connect straight into it does.
            if (copy is { Kind: SocketUseKind.StoredInLocal, Operation: IAssignmentOperation, Local: { } outer } && outer.IsDeclaredOutside(loop)
                ? LoopCopies.HeldAcrossPasses(copy, loop, symbols, context)
                : IsKeptOutside(copy, loop))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsKeptOutside(SocketUse use, ILoopOperation loop) => use.Kind switch
    {
        SocketUseKind.StoredInCollection or SocketUseKind.StoredInMember => true,
        SocketUseKind.StoredInLocal => use.Local is not null && use.Local.IsDeclaredOutside(loop),
        _ => false,
    };
}
