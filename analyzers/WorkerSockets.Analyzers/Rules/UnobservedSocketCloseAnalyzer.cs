using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;

namespace WorkerSockets.Analyzers.Rules;

/// <summary>WSK002: the task of <c>CloseAsync()</c> / <c>DisposeAsync()</c> dropped as a statement or into a discard.</summary>
public sealed class UnobservedSocketCloseAnalyzer : WorkerSocketsAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.UnobservedSocketClose);

    private protected override void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols)
        => context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (symbols.IsCloseOrDispose(invocation.TargetMethod) && IsDropped(invocation))
                {
                    // maybe?.CloseAsync(): report the whole access, not its '.CloseAsync()' half.
                    IOperation reported = invocation.Parent is IConditionalAccessOperation access && access.WhenNotNull == invocation ? access : invocation;
                    operation.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.UnobservedSocketClose, reported.Syntax.GetLocation(), invocation.TargetMethod.Name));
                }
            },
            OperationKind.Invocation);

    /// <summary>Whether nothing observes the task: it ends as a statement or in a discard (as VSTHRD110 decides, by walking parents).</summary>
    private static bool IsDropped(IOperation task)
    {
        var current = task.OutermostConversion();

        // s.CloseAsync().ConfigureAwait(false); and s.DisposeAsync().AsTask(); still drop the task. So does a continuation
        // chain dropped as a whole (s.CloseAsync().ContinueWith(log);): the continuation sees the close end, but nothing in
        // the request waits for it, so the request can end (and abort the socket) first.
        while (ChainedTask(current) is { } wrapper)
        {
            current = wrapper.OutermostConversion();
        }

        // s?.CloseAsync(); drops the task just the same when s is not null.
        if (current.Parent is IConditionalAccessOperation access && access.WhenNotNull == current)
        {
            current = access.OutermostConversion();
        }

        return current.Parent switch
        {
            IExpressionStatementOperation => true,
            ISimpleAssignmentOperation { Target: IDiscardOperation } assignment => assignment.Value == current,
            _ => false,
        };
    }

    /// <summary>The call that wraps <paramref name="task"/> into another task (or awaitable) whose fate is the close's.</summary>
    private static IInvocationOperation? ChainedTask(IOperation task) => task.Parent switch
    {
        IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask" or "Preserve" or "ContinueWith" } wrapper when wrapper.Instance == task => wrapper,
        // task.Unwrap() is an extension method: the task is its first argument.
        IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Unwrap", IsExtensionMethod: true } } unwrap } argument
            when unwrap.Arguments.Length == 1 && unwrap.Arguments[0] == argument => unwrap,
        _ => null,
    };
}
