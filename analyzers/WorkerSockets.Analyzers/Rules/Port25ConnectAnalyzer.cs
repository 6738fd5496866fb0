using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK001: a connect whose port, known at compile time, is 25.</summary>
public sealed class Port25ConnectAnalyzer : WorkerSocketsAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.Port25Connect);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (symbols.IsConnect(invocation.TargetMethod)
                    && ConstantPort.TryGet(invocation, symbols, out var port, out var portOperation)
                    && port == 25)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.Port25Connect, portOperation.Syntax.GetLocation()));
                }
            },
            OperationKind.Invocation);
}
