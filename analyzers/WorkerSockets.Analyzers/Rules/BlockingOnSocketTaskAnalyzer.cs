using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK009: <c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c> or <c>Task.WaitAll/WaitAny</c> on a socket's tasks.</summary>
public sealed class BlockingOnSocketTaskAnalyzer : WorkerSocketsAnalyzer
{
    private const int MaxDepth = 8;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.BlockingOnSocketTask);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var property = (IPropertyReferenceOperation)operation.Operation;
                if (property.Property.Name == "Result" && symbols.IsTaskLike(property.Property.ContainingType) && IsSocketTask(property.Instance, symbols, 0))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.BlockingOnSocketTask, property.Syntax.GetLocation(), ".Result"));
                }
            },
            OperationKind.PropertyReference);

        context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                var method = invocation.TargetMethod;
                var blocks = method.Name switch
                {
                    "Wait" => symbols.IsTaskLike(method.ContainingType) && IsSocketTask(invocation.Instance, symbols, 0),
                    "GetResult" => invocation.Instance?.WithoutConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter
                        && IsSocketTask(getAwaiter.Instance, symbols, 0),
                    "WaitAll" or "WaitAny" => method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task) && AnyArgumentIsSocketTask(invocation, symbols),
                    _ => false,
                };

                if (blocks)
                {
                    var form = method.Name switch
                    {
                        "Wait" => ".Wait()",
                        "GetResult" => "GetAwaiter().GetResult()",
                        _ => "Task." + method.Name,
                    };
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.BlockingOnSocketTask, invocation.Syntax.GetLocation(), form));
                }
            },
            OperationKind.Invocation);
    }

    /// <summary>Whether the operation is <c>Opened</c>, <c>Closed</c>, <c>CloseAsync()</c> or <c>DisposeAsync()</c> of a socket (directly or through a local assigned once).</summary>
    private static bool IsSocketTask(IOperation? operation, WorkerSocketsSymbols symbols, int depth)
    {
        operation = operation?.WithoutConversions();
        return operation switch
        {
            IPropertyReferenceOperation { Property.Name: "Opened" or "Closed" } property => symbols.IsSocket(property.Property.ContainingType),
            IInvocationOperation invocation when symbols.IsCloseOrDispose(invocation.TargetMethod) => true,
            IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask" or "Preserve" } wrapper => IsSocketTask(wrapper.Instance, symbols, depth),
            ILocalReferenceOperation local => depth < MaxDepth && local.Local.TryGetSingleAssignedValue(operation.Root(), out var value) && IsSocketTask(value, symbols, depth + 1),
            _ => false,
        };
    }

    private static bool AnyArgumentIsSocketTask(IInvocationOperation invocation, WorkerSocketsSymbols symbols)
    {
        // params Task[] and params ReadOnlySpan<Task> bind the tasks differently; look at every operation inside the arguments.
        foreach (var argument in invocation.Arguments)
        {
            foreach (var operation in argument.Value.DescendantsAndSelf())
            {
                if (operation is IPropertyReferenceOperation or IInvocationOperation or ILocalReferenceOperation && IsSocketTask(operation, symbols, 0))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
