using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace WorkerSockets.Analyzers.Tests.Verifiers;

/// <summary>Runs one analyzer over sources with <c>{|WSKnnn:...|}</c> markup and checks the diagnostics exactly.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Statements inside an async method that has <c>WorkerContext ctx</c>, <c>string host</c> and <c>int configuredPort</c>.</summary>
    public static Task VerifyBodyAsync(string body) => VerifyAsync(TestReferences.InMethod(body));

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.All);
        }
    }
}
