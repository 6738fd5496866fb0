using System.Diagnostics.CodeAnalysis;

// The rules are analyzers that tests and tools run one at a time, but the compiler loads them only through
// WorkerSocketsRulesAnalyzer (one registration for all): a [DiagnosticAnalyzer] attribute on a rule would run it twice.
[assembly: SuppressMessage(
    "MicrosoftCodeAnalysisCorrectness",
    "RS1001:Missing diagnostic analyzer attribute",
    Justification = "Loaded through WorkerSocketsRulesAnalyzer",
    Scope = "namespaceanddescendants",
    Target = "~N:WorkerSockets.Analyzers.Rules")]
