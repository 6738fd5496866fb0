using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK008: sockets opened in a loop and kept open, or a 7th socket open at once in one method.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TooManyOpenSocketsAnalyzer : WorkerSocketsAnalyzer
{
    /// <summary>The platform's limit of simultaneously open sockets per request.</summary>
    public const int MaxOpenSockets = 6;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.TooManyOpenSockets);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationBlockStartAction(block =>
        {
            // Most methods open no socket at all: the walk for a seventh open socket runs only where seven connects exist.
            var connects = 0;
            block.RegisterOperationAction(
                operation =>
                {
                    var invocation = (IInvocationOperation)operation.Operation;
                    if (!symbols.IsSocketProducer(invocation.TargetMethod))
                    {
                        return;
                    }

                    Interlocked.Increment(ref connects);
                    if (EnclosingLoop(invocation) is { } loop && IsKeptBeyond(invocation, loop, symbols))
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.TooManyOpenSockets, invocation.Syntax.GetLocation(), "This socket is opened in a loop and kept open"));
                    }
                },
                OperationKind.Invocation);

            block.RegisterOperationBlockEndAction(end =>
            {
                if (Volatile.Read(ref connects) <= MaxOpenSockets)
                {
                    return;
                }

                foreach (var body in end.OperationBlocks)
                {
                    var seventh = OpenSocketPaths.FindOverLimit(body, symbols, MaxOpenSockets);
                    if (seventh is not null)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.TooManyOpenSockets, seventh.Syntax.GetLocation(), "More than 6 sockets are open at once in this method"));
                    }
                }
            });
        });

    /// <summary>The nearest loop around <paramref name="operation"/> in the same function.</summary>
    private static ILoopOperation? EnclosingLoop(IOperation operation)
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

    private static bool IsKeptBeyond(IInvocationOperation connect, ILoopOperation loop, WorkerSocketsSymbols symbols)
    {
        var use = SocketOwnership.Classify(connect, symbols);
        if (use.Kind != SocketUseKind.StoredInLocal || use.Local is null)
        {
            return IsKeptOutside(use, loop);
        }

        if (use.Local.IsDeclaredOutside(loop))
        {
            return true;
        }

        foreach (var read in SocketOwnership.ReadsOf(use.Local, loop))
        {
            if (IsKeptOutside(SocketOwnership.Classify(read, symbols), loop))
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
