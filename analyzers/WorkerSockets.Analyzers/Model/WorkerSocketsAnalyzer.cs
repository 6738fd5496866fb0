using Microsoft.CodeAnalysis.Diagnostics;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// The base of every rule: skips generated code, runs concurrently, and registers the rule's actions only in
/// compilations that reference WorkerSockets, with the symbols resolved once. A rule is an analyzer of its own (tests
/// and tools run one rule alone); the compiler loads them all through <see cref="WorkerSocketsRulesAnalyzer"/>.
/// </summary>
public abstract class WorkerSocketsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (WorkerSocketsSymbols.TryCreate(start.Compilation, out var symbols))
            {
                Register(start, symbols);
            }
        });
    }

    /// <summary>Registers the rule's actions for a compilation that references WorkerSockets (called by the host too).</summary>
    internal void RegisterRule(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols) => Register(context, symbols);

    /// <summary>Registers the rule's actions for a compilation that references WorkerSockets.</summary>
    private protected abstract void Register(CompilationStartAnalysisContext context, WorkerSocketsSymbols symbols);
}
