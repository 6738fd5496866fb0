using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WorkerSockets.Analyzers.Model;
using WorkerSockets.Analyzers.Tests.Verifiers;

namespace WorkerSockets.Analyzers.Tests;

/// <summary>
/// WSK007 proves most releases without a control-flow graph (<see cref="StraightLineRelease"/>). That shortcut may only
/// ever agree with the graph: whenever it says "released on every path", the graph must find no leaking path.
/// </summary>
public class StraightLineReleaseTests
{
    private static readonly CSharpCompilation Empty = CSharpCompilation.Create(
        "Paths", [], TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static readonly string[] Leaves =
    [
        "await s.CloseAsync();",
        "ctx.WaitUntil(s.CloseAsync());",
        "await using (s) { n++; }",
        "if (flag) return;",
        "if (flag) throw new InvalidOperationException();",
        "await s.Opened;",
        "n++;",
        "if (flag) await s.CloseAsync();",
        "_ = flag ? s.CloseAsync() : Task.CompletedTask;",
        "await (s?.CloseAsync() ?? Task.CompletedTask);",
        "{ Func<Task> later = () => s.CloseAsync(); }",
        "{ Func<int> f = () => { return n; }; }",
        "if (s is null) return;",
        "s = Sockets.Connect(host, 6379);",
    ];

    private static readonly string[] LoopLeaves = ["if (flag) break;", "if (flag) continue;", "break;"];

    [Fact]
    public void A_release_proved_without_the_graph_is_a_release_on_every_path_of_the_graph()
    {
        var symbols = Symbols();
        var proved = 0;
        var notProved = 0;
        Block(depth: 3, inLoop: false).Sample(
            body =>
            {
                var (producer, local, releases, graph) = Analyze("var s = Sockets.Connect(host, 5432);\n" + body);
                if (StraightLineRelease.Proves(producer, local, releases))
                {
                    proved++;
                    return !ReleasePaths.LeaksOnGraph(producer, local, releases, graph);
                }

                notProved++;
                return true;
            },
            iter: 1500);

        // Both answers must come up often, or the property says nothing.
        Assert.True(proved > 100, $"the shortcut proved only {proved} bodies");
        Assert.True(notProved > 100, $"the shortcut declined only {notProved} bodies");

        (IOperation Producer, ILocalSymbol Local, List<IOperation> Releases, ControlFlowGraph Graph) Analyze(string body)
        {
            var tree = CSharpSyntaxTree.ParseText(TestReferences.Usings + $$"""
                class Handler
                {
                    async Task Handle(WorkerContext ctx, string host, bool flag, int n)
                    {
                        {{body}}
                    }
                }
                """);
            var compilation = Empty.AddSyntaxTrees(tree);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + body);
            var model = compilation.GetSemanticModel(tree);
            var connect = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().First(i => i.Expression.ToString() == "Sockets.Connect");
            var producer = model.GetOperation(connect)!;
            var root = producer.Root();
            var local = (ILocalSymbol)model.GetDeclaredSymbol(connect.Ancestors().OfType<VariableDeclaratorSyntax>().First())!;
            return (producer, local, SocketOwnership.ReleasesOf(local, root, symbols), ControlFlowGraph.Create((IMethodBodyOperation)root));
        }
    }

    [Theory]
    [InlineData("await s.CloseAsync();", true)]
    [InlineData("n++; try { n++; } finally { n--; ctx.WaitUntil(s.CloseAsync()); }", true)]
    [InlineData("var t = s.StartTls(); await using (t) { n++; }", true)]
    [InlineData("if (flag) return; await s.CloseAsync();", false)]
    [InlineData("if (flag) await s.CloseAsync();", false)]
    [InlineData("while (n < 3) { if (flag) break; n++; } await s.CloseAsync();", false)]
    [InlineData("try { n++; } finally { if (flag) await s.CloseAsync(); }", false)]
    [InlineData("Func<Task> f = () => { return s.CloseAsync(); }; await s.CloseAsync();", true)]
    [InlineData("s = Sockets.Connect(host, 6379); await s.CloseAsync();", false)]
    public void The_shortcut_recognises_straight_line_and_finally_releases_only(string rest, bool proves)
    {
        var tree = CSharpSyntaxTree.ParseText(TestReferences.InMethod("var s = Sockets.Connect(host, 5432);\n" + rest));
        var compilation = Empty.AddSyntaxTrees(tree);
        var model = compilation.GetSemanticModel(tree);
        var connect = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().First(i => i.Expression.ToString() == "Sockets.Connect");
        var producer = model.GetOperation(connect)!;
        var local = (ILocalSymbol)model.GetDeclaredSymbol(connect.Ancestors().OfType<VariableDeclaratorSyntax>().First())!;
        var releases = SocketOwnership.ReleasesOf(local, producer.Root(), Symbols());

        Assert.NotEmpty(releases);
        Assert.Equal(proves, StraightLineRelease.Proves(producer, local, releases));
    }

    private static WorkerSocketsSymbols Symbols()
        => WorkerSocketsSymbols.TryCreate(Empty, out var symbols) ? symbols : throw new InvalidOperationException("WorkerSockets is not referenced.");

    // Control cannot leave a finally block: inside one there are no returns, and breaks only for loops inside it.
    private static Gen<string> Block(int depth, bool inLoop, bool inFinally = false)
        => Statement(depth, inLoop, inFinally).Array[1, 4].Select(statements => string.Join("\n", statements));

    private static Gen<string> Statement(int depth, bool inLoop, bool inFinally)
    {
        string[] leaves = inLoop ? [.. Leaves, .. LoopLeaves] : Leaves;
        if (inFinally)
        {
            leaves = [.. leaves.Where(leaf => !leaf.Contains("return", StringComparison.Ordinal))];
        }

        var leaf = Gen.Int[0, leaves.Length - 1].Select(i => leaves[i]);
        if (depth == 0)
        {
            return leaf;
        }

        var inner = Block(depth - 1, inLoop, inFinally);
        var loopBody = Block(depth - 1, inLoop: true, inFinally);
        var @finally = Block(depth - 1, inLoop: false, inFinally: true);
        // Leaves four times as often as each compound statement, so bodies stay small.
        return Gen.OneOf(
            leaf,
            leaf,
            leaf,
            leaf,
            Gen.Select(inner, inner, (a, b) => $"if (flag) {{ {a} }} else {{ {b} }}"),
            Gen.Select(inner, @finally, (a, b) => $"try {{ {a} }} finally {{ {b} }}"),
            Gen.Select(inner, inner, (a, b) => $"try {{ {a} }} catch (InvalidOperationException) {{ {b} }}"),
            loopBody.Select(a => $"while (n < 3) {{ {a} }}"),
            loopBody.Select(a => $"for (n = 0; n < 3; n++) {{ {a} }}"),
            inner.Select(a => $"{{ {a} }}"),
            inner.Select(a => inFinally ? $"if (flag) {{ {a} }}" : $"if (flag) {{ {a} return; }}"),
            Gen.Select(inner, inner, (a, b) => $"switch (n) {{ case 1: {{ {a} break; }} default: {{ {b} break; }} }}"));
    }
}
