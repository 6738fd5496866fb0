using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK010: a connect to port 80 or 443, which HttpClient serves better.</summary>
public sealed class HttpPortConnectAnalyzer : WorkerSocketsAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.ConnectToHttpPort);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (symbols.IsConnect(invocation.TargetMethod)
                    && ConstantPort.TryGet(invocation, symbols, out var port, out var portOperation)
                    && port is 80 or 443)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.ConnectToHttpPort, portOperation.Syntax.GetLocation(), port));
                }
            },
            OperationKind.Invocation);
}
