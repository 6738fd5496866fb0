using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Analyzers.Tests.Verifiers;

namespace WorkerSockets.Analyzers.Tests;

/// <summary>
/// Whole files of odd or broken shape (partial methods, top-level statements, scripts, missing members, recursion
/// between helpers, members of error types): no analyzer may throw into the compiler (AD0001), and the rules that can
/// still see a socket keep reporting.
/// </summary>
public class OddCodeTests
{
    public static TheoryData<string, string, string?> OddFiles => new()
    {
        {
            "partial methods, one without a body",
            """
            partial class P
            {
                partial Task Close(WorkerSocket s);
                partial Task Keep(WorkerSocket s);
                partial Task Keep(WorkerSocket s) => s.CloseAsync();
                async Task M() { var a = Sockets.Connect("a:1"); await Close(a); var b = Sockets.Connect("b:1"); await Keep(b); }
            }
            """,
            null
        },
        {
            "members of missing types and methods",
            """
            class M
            {
                Missing field = Sockets.Connect("a:1");
                async Task A() { var s = Sockets.Connect("a:1"); await Undefined.Use(s); await s.Nope(); s.Missing = 1; await s.CloseAsync(); }
                async Task B() { var s = Sockets.Connect("a:1"); await using (s.ConfigureAwait()) { } var (x, y) = (s, ); return s; }
                async Task C(UnknownType t) { var s = t.Socket; s = Sockets.Connect("a:25"); if (s is { Foo: 1 } z) { await z.CloseAsync(); } }
            }
            """,
            "WSK001"
        },
        {
            "helpers that call each other",
            """
            static class R
            {
                static Task A(WorkerSocket s, int n) => n == 0 ? s.Opened : B(s, n - 1);
                static Task B(WorkerSocket s, int n) => A(s, n);
                static async Task M() { var s = Sockets.Connect("a:1"); await A(s, 3); }
            }
            """,
            "WSK007"
        },
        {
            "a using that returns a socket in odd places",
            """
            class U
            {
                async Task<WorkerSocket> A() { await using var s = Sockets.Connect("a:1"); Func<WorkerSocket> f = () => s; return f(); }
                async Task<WorkerSocket> B() { var s = Sockets.Connect("a:1"); await using (s) { } s = Sockets.Connect("b:1"); return s; }
                WorkerSocket C() { await using var s = Sockets.Connect("a:1"); return s; }
            }
            """,
            null
        },
        {
            "catch handlers, filters and nested tries",
            """
            class T
            {
                async Task<int> A()
                {
                    var s = Sockets.Connect("a:1");
                    try { try { await s.Opened; } catch (Exception e) when (e is TimeoutException) { return 1; } } catch { throw; } finally { }
                    try { } catch { return 2; }
                    await s.CloseAsync();
                    return 0;
                }
            }
            """,
            "WSK007"
        },
    };

    [Theory]
    [MemberData(nameof(OddFiles))]
    public async Task Analyzers_do_not_throw_on_odd_files(string name, string file, string? stillReported)
    {
        Assert.NotEmpty(name);
        var diagnostics = await Analyze(CSharpSyntaxTree.ParseText(TestReferences.Usings + file), OutputKind.DynamicallyLinkedLibrary);
        if (stillReported is not null)
        {
            Assert.Contains(diagnostics, d => d.Id == stillReported);
        }
    }

    [Fact]
    public async Task Top_level_statements_are_analyzed_without_exceptions()
    {
        var program = TestReferences.Usings + """
            var s = Sockets.Connect("db:25");
            await s.Opened;
            static WorkerSocket Open() => Sockets.Connect("db:5432");
            await using var t = Open();
            return;
            """;
        var diagnostics = await Analyze(CSharpSyntaxTree.ParseText(program), OutputKind.ConsoleApplication);

        Assert.Contains(diagnostics, d => d.Id == "WSK001");
        Assert.Contains(diagnostics, d => d.Id == "WSK004");
    }

    [Fact]
    public async Task Script_files_are_analyzed_without_exceptions()
    {
        var script = TestReferences.Usings + """
            var s = Sockets.Connect("db:25");
            s.CloseAsync();
            WorkerSocket Open() => Sockets.Connect("db:5432");
            await using var t = Open();
            """;
        var tree = CSharpSyntaxTree.ParseText(script, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var diagnostics = await Analyze(tree, OutputKind.DynamicallyLinkedLibrary, script: true);

        Assert.Contains(diagnostics, d => d.Id == "WSK001");
    }

    private static async Task<IReadOnlyList<Diagnostic>> Analyze(SyntaxTree tree, OutputKind kind, bool script = false)
    {
        var compilation = script
            ? CSharpCompilation.CreateScriptCompilation("Odd", tree, TestReferences.All)
            : CSharpCompilation.Create("Odd", [tree], TestReferences.All, new CSharpCompilationOptions(kind));
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, diagnostic) => exceptions.Add(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);

        var diagnostics = await compilation.WithAnalyzers(AnalyzerCatalogTests.AllAnalyzers, options).GetAllDiagnosticsAsync();

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }
}
