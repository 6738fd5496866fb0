using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// The compilation-start context the rules register into when they run inside <see cref="WorkerSocketsRulesAnalyzer"/>.
/// Operation actions are collected per <see cref="OperationKind"/> and handed to the driver as one action per kind that
/// calls every rule's action in turn. The driver pays its per-analyzer and per-action bookkeeping (a pass over every
/// operation of every body, a context and a guarded call per action) once instead of once per rule. Every other kind
/// of action goes to the driver unchanged.
/// </summary>
internal sealed class OperationActionFanOut : CompilationStartAnalysisContext
{
    private readonly CompilationStartAnalysisContext driver;
    private readonly Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> actionsByKind = new();

#pragma warning disable RS1012 // The driver's actions are registered in RegisterWithDriver, once the rules have registered theirs.
    public OperationActionFanOut(CompilationStartAnalysisContext driver)
        : base(driver.Compilation, driver.Options, driver.CancellationToken)
        => this.driver = driver;
#pragma warning restore RS1012

    /// <inheritdoc/>
    public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
    {
        foreach (var kind in operationKinds)
        {
            if (!actionsByKind.TryGetValue(kind, out var actions))
            {
                actionsByKind.Add(kind, actions = new List<Action<OperationAnalysisContext>>());
            }

            actions.Add(action);
        }
    }

    /// <summary>Registers one driver action per operation kind that some rule asked for.</summary>
    public void RegisterWithDriver()
    {
        foreach (var pair in actionsByKind)
        {
            var actions = pair.Value.ToArray();
            if (actions.Length == 1)
            {
                driver.RegisterOperationAction(actions[0], pair.Key);
                continue;
            }

            driver.RegisterOperationAction(
                context =>
                {
                    // A plain loop over an array: this runs for every operation of the kind in the compilation.
                    List<ExceptionDispatchInfo>? failures = null;
                    foreach (var action in actions)
                    {
                        try
                        {
                            action(context);
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException)
                        {
                            // As with ten analyzers, one rule's failure does not keep the others from this operation;
                            // the driver still reports it (AD0001) once they have run.
                            (failures ??= new List<ExceptionDispatchInfo>()).Add(ExceptionDispatchInfo.Capture(exception));
                        }
                    }

                    if (failures is not null)
                    {
                        Rethrow(failures);
                    }
                },
                pair.Key);
        }
    }

    private static void Rethrow(List<ExceptionDispatchInfo> failures)
    {
        if (failures.Count == 1)
        {
            failures[0].Throw();
        }

        var exceptions = new Exception[failures.Count];
        for (var i = 0; i < failures.Count; i++)
        {
            exceptions[i] = failures[i].SourceException;
        }

        throw new AggregateException(exceptions);
    }

    /// <inheritdoc/>
    public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => driver.RegisterCompilationEndAction(action);

    /// <inheritdoc/>
    public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => driver.RegisterSemanticModelAction(action);

    /// <inheritdoc/>
    public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => driver.RegisterSymbolAction(action, symbolKinds);

    /// <inheritdoc/>
    public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => driver.RegisterSymbolStartAction(action, symbolKind);

    /// <inheritdoc/>
    public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
        => driver.RegisterCodeBlockStartAction(action);

    /// <inheritdoc/>
    public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => driver.RegisterCodeBlockAction(action);

    /// <inheritdoc/>
    public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => driver.RegisterOperationBlockStartAction(action);

    /// <inheritdoc/>
    public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => driver.RegisterOperationBlockAction(action);

    /// <inheritdoc/>
    public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => driver.RegisterSyntaxTreeAction(action);

    /// <inheritdoc/>
    public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => driver.RegisterAdditionalFileAction(action);

    /// <inheritdoc/>
    public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
        => driver.RegisterSyntaxNodeAction(action, syntaxKinds);
}
