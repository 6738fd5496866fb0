using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK006: the old socket read, written or closed after <c>StartTls()</c> returned its replacement.</summary>
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

                // In a loop, a use earlier in the body runs again after the upgrade on the next pass.
                var loopStart = startTls.EnclosingLoop()?.Syntax.SpanStart ?? after;
                var writes = new List<int>();
                var uses = new List<IOperation>();
                foreach (var descendant in root.Descendants())
                {
                    // The symbol first: a position costs a walk of the syntax's leading trivia, and few operations name the socket.
                    if (!SymbolEqualityComparer.Default.Equals(SymbolOf(descendant), oldSocket))
                    {
                        continue;
                    }

                    var position = descendant.Syntax.SpanStart;
                    if (descendant.Syntax.SyntaxTree != startTls.Syntax.SyntaxTree || position < loopStart
                        || (position < after && position >= startTls.Syntax.SpanStart))
                    {
                        continue;
                    }

                    if (descendant.IsWrite())
                    {
                        writes.Add(position < after ? int.MaxValue : position);
                    }
                    else if (IsStreamUseOrClose(descendant.Parent, descendant, symbols))
                    {
                        uses.Add(descendant.Parent!);
                    }
                    else if (descendant.OutermostConversion().Parent is IArgumentOperation argument && symbols.Callees.DoesIo(argument))
                    {
                        // Send(socket, ...) or socket.WriteLineAsync() (an extension): a helper in source that does I/O on it.
                        uses.Add(argument);
                    }
                }

                // s = s.StartTls(): the assignment itself counts as a write after the call's start; so does any later reassignment.
                if (startTls.OutermostConversion().Parent is IAssignmentOperation { Target: var target } && SymbolEqualityComparer.Default.Equals(SymbolOf(target), oldSocket))
                {
                    return;
                }

                var resultLocal = UpgradeResults.LocalNullUntilRun(startTls);
                foreach (var use in uses)
                {
                    // A use before the call runs after it only on the loop's next pass, past every write after the call.
                    var earlier = use.Syntax.SpanStart < after;
                    var refreshed = earlier ? writes.Count > 0 : writes.Exists(write => write < use.Syntax.SpanStart);
                    if (!refreshed && FlowReachability.CanRunAfter(startTls, use, operation, resultLocal))
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
