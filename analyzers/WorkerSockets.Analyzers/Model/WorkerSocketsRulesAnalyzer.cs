using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Analyzers.Rules;

namespace WorkerSockets.Analyzers.Model;

/// <summary>
/// The one analyzer the compiler loads: every WSK rule, behind one registration. Ten analyzers would each make the
/// driver walk every operation of every method body, set up per-symbol state and call a guarded action per operation;
/// on a project where few methods touch a socket that bookkeeping cost more than the rules (docs/benchmarks.md, P5).
/// The rules register into an <see cref="OperationActionFanOut"/>, so each operation kind gets one driver action. The
/// rules report exactly what they report alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkerSocketsRulesAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Every rule, in rule-id order.</summary>
    internal static ImmutableArray<WorkerSocketsAnalyzer> Rules { get; } = ImmutableArray.Create<WorkerSocketsAnalyzer>(
        new Port25ConnectAnalyzer(),
        new UnobservedSocketCloseAnalyzer(),
        new SocketEscapesRequestAnalyzer(),
        new ConnectInGlobalScopeAnalyzer(),
        new StartTlsWithoutOptionAnalyzer(),
        new SocketUsedAfterStartTlsAnalyzer(),
        new SocketLeftOpenAnalyzer(),
        new TooManyOpenSocketsAnalyzer(),
        new BlockingOnSocketTaskAnalyzer(),
        new HttpPortConnectAnalyzer());

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = AllDescriptors();

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!WorkerSocketsSymbols.TryCreate(start.Compilation, out var symbols))
            {
                return;
            }

            var fanOut = new OperationActionFanOut(start);
            foreach (var rule in Rules)
            {
                // As the driver skips an analyzer whose every diagnostic is turned off for the compilation, skip the rule.
                if (!IsOffForCompilation(rule, start.Compilation, start.CancellationToken))
                {
                    rule.RegisterRule(fanOut, symbols);
                }
            }

            fanOut.RegisterWithDriver();
        });
    }

    private static ImmutableArray<DiagnosticDescriptor> AllDescriptors()
    {
        var descriptors = new List<DiagnosticDescriptor>();
        foreach (var rule in Rules)
        {
            descriptors.AddRange(rule.SupportedDiagnostics);
        }

        return descriptors.ToImmutableArray();
    }

    /// <summary>
    /// Whether every diagnostic of <paramref name="rule"/> is suppressed for the whole compilation (command line,
    /// rule set or global analyzer config). Per-file <c>.editorconfig</c> severities are left to the driver's filter.
    /// </summary>
    private static bool IsOffForCompilation(DiagnosticAnalyzer rule, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var options = compilation.Options;
        foreach (var descriptor in rule.SupportedDiagnostics)
        {
            ReportDiagnostic severity;
            if (!options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out severity)
                && !(options.SyntaxTreeOptionsProvider?.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out severity) ?? false))
            {
                severity = descriptor.IsEnabledByDefault ? ReportDiagnostic.Default : ReportDiagnostic.Suppress;
            }

            if (severity != ReportDiagnostic.Suppress)
            {
                return false;
            }
        }

        return true;
    }
}
