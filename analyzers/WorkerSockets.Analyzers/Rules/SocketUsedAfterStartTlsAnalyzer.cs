using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK006: the old socket read, written or closed after <c>StartTls()</c> returned its replacement.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketUsedAfterStartTlsAnalyzer : WorkerSocketsAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.SocketUsedAfterStartTls);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationAction(
            operation =>
            {
                var startTls = (IInvocationOperation)operation.Operation;
                if (!symbols.IsStartTls(startTls.TargetMethod) || SymbolOf(startTls.Instance) is not { } oldSocket)
                {
                    return;
                }

                var root = startTls.Root();
                var after = startTls.Syntax.Span.End;
                var writes = new List<int>();
                var uses = new List<IOperation>();
                foreach (var descendant in root.Descendants())
                {
                    if (descendant.Syntax.SyntaxTree != startTls.Syntax.SyntaxTree || descendant.Syntax.SpanStart < after
                        || !SymbolEqualityComparer.Default.Equals(SymbolOf(descendant), oldSocket))
                    {
                        continue;
                    }

                    if (descendant.IsWrite())
                    {
                        writes.Add(descendant.Syntax.SpanStart);
                    }
                    else if (IsStreamUseOrClose(descendant.Parent, descendant, symbols))
                    {
                        uses.Add(descendant.Parent!);
                    }
                }

                // s = s.StartTls(): the assignment itself counts as a write after the call's start; so does any later reassignment.
                if (startTls.OutermostConversion().Parent is IAssignmentOperation { Target: var target } && SymbolEqualityComparer.Default.Equals(SymbolOf(target), oldSocket))
                {
                    return;
                }

                foreach (var use in uses)
                {
                    if (!writes.Exists(write => write < use.Syntax.SpanStart) && FlowReachability.CanRunAfter(startTls, use, operation))
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.SocketUsedAfterStartTls, use.Syntax.GetLocation(), oldSocket.Name));
                    }
                }
            },
            OperationKind.Invocation);

    private static ISymbol? SymbolOf(IOperation? operation) => operation?.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private static bool IsStreamUseOrClose(IOperation? parent, IOperation instance, WorkerSocketsSymbols symbols) => parent switch
    {
        IPropertyReferenceOperation { Property.Name: "Readable" or "Writable" or "Stream" } property
            => property.Instance == instance && symbols.IsSocket(property.Property.ContainingType),
        IInvocationOperation invocation => invocation.Instance == instance && (symbols.IsCloseOrDispose(invocation.TargetMethod) || symbols.IsStartTls(invocation.TargetMethod)),
        _ => false,
    };
}
