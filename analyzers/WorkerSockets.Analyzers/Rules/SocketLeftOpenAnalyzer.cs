using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK007: a socket that some path leaves open: never closed, disposed, returned, stored or handed off on that path.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketLeftOpenAnalyzer : WorkerSocketsAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.SocketLeftOpen);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (!symbols.IsSocketProducer(invocation.TargetMethod) && !symbols.IsStartTls(invocation.TargetMethod))
                {
                    return;
                }

                var use = SocketOwnership.Classify(invocation, symbols);
                var leaked = use.Kind == SocketUseKind.Kept;
                if (use.Kind == SocketUseKind.StoredInLocal && use.Local is not null)
                {
                    var releases = SocketOwnership.ReleasesOf(use.Local, invocation.Root(), symbols, use.Operation is IAssignmentOperation ? use.Operation.Syntax.Span.End : -1);
                    leaked = releases.Count == 0 || ReleasePaths.LeaksOnSomePath(invocation, use.Local, releases, operation);
                }

                if (leaked)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.SocketLeftOpen, invocation.Syntax.GetLocation(), use.Local?.Name ?? invocation.TargetMethod.Name + "(...)"));
                }
            },
            OperationKind.Invocation);
}
