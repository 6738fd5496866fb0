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
/// WSK006 proves most "the old socket is used after the upgrade" answers without a control-flow graph
/// (<see cref="StraightLineReach"/>). That shortcut may only ever agree with the graph: whenever it says a use can run
/// after the upgrade, the graph must find a path from the upgrade to it.
/// </summary>
public class StraightLineReachTests
{
    private static readonly CSharpCompilation Empty = CSharpCompilation.Create(
        "Reach", [], TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    // Uses of s (each one a candidate "later"), and statements that end or bend the path after the upgrade.
    private static readonly string[] Leaves =
    [
        "await s.Opened;",
        "_ = s.Writable;",
        "n += s.Readable is null ? 0 : 1;",
        "if (flag) { _ = s.Readable; }",
        "await s.CloseAsync();",
        "n++;",
        "if (flag) return;",
        "return;",
        "if (flag) throw new InvalidOperationException();",
        "throw new InvalidOperationException();",
        "while (true) { n++; }",
        "while (n < 3) { n++; }",
        "if (false) { _ = s.Writable; }",
        "if (tls is null) { n++; }",
        "if (tls is not null) { n++; } else { _ = s.Writable; }",
        "{ Func<int> f = () => { return n; }; }",
        "_ = flag ? s.Readable : null;",
    ];

    private static readonly string[] LoopLeaves = ["if (flag) break;", "if (flag) continue;", "break;"];

    [Fact]
    public void A_use_proved_to_run_after_the_upgrade_is_reachable_from_it_on_the_graph()
    {
        var proved = 0;
        var notProved = 0;
        Gen.Select(Block(depth: 2, inLoop: false), Block(depth: 2, inLoop: false), Gen.Bool).Sample(
            (before, after, nullable) =>
            {
                // tls = s.StartTls() records whether the upgrade ran: the graph does not follow branches where tls is null.
                var upgrade = nullable ? "tls = s.StartTls();" : "var upgraded = s.StartTls();";
                var body = "WorkerSocket? tls = null;\n" + before + "\n" + upgrade + "\n" + after;
                var (startTls, uses, graph, resultLocal) = Analyze(body);
                foreach (var use in uses)
                {
                    if (!StraightLineReach.Proves(startTls, use))
                    {
                        Interlocked.Increment(ref notProved);
                        continue;
                    }

                    Interlocked.Increment(ref proved);
                    if (!FlowReachability.CanRunAfterOnGraph(startTls, use, graph, resultLocal))
                    {
                        return false;
                    }
                }

                return true;
            },
            iter: 1500);

        // Both answers must come up often, or the property says nothing.
        Assert.True(proved > 100, $"the shortcut proved only {proved} uses");
        Assert.True(notProved > 100, $"the shortcut declined only {notProved} uses");
    }

    [Theory]
    [InlineData("var tls = s.StartTls(); await s.Opened;", true)]
    [InlineData("var tls = s.StartTls(); n++; await s.CloseAsync();", true)]
    [InlineData("var tls = s.StartTls(); if (flag) return; await s.Opened;", false)]
    [InlineData("var tls = s.StartTls(); while (true) { n++; } await s.Opened;", false)]
    [InlineData("var tls = s.StartTls(); if (flag) { _ = s.Readable; }", false)]
    [InlineData("var tls = s.StartTls(); throw new InvalidOperationException(); await s.Opened;", false)]
    public void The_shortcut_recognises_straight_line_uses_only(string body, bool proves)
    {
        var (startTls, uses, _, _) = Analyze(body);

        Assert.Single(uses);
        Assert.Equal(proves, StraightLineReach.Proves(startTls, uses[0]));
    }

    private static (IOperation StartTls, List<IOperation> Uses, ControlFlowGraph Graph, ILocalSymbol? ResultLocal) Analyze(string body)
    {
        var tree = CSharpSyntaxTree.ParseText(TestReferences.Usings + $$"""
            class Handler
            {
                async Task Handle(WorkerContext ctx, WorkerSocket s, bool flag, int n)
                {
                    {{body}}
                }
            }
            """);
        var compilation = Empty.AddSyntaxTrees(tree);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + body);
        var model = compilation.GetSemanticModel(tree);
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Single(i => i.Expression.ToString() == "s.StartTls");
        var startTls = (IInvocationOperation)model.GetOperation(call)!;
        var root = startTls.Root();

        // Every read of s other than the upgrade's own, as WSK006 looks at them (the member access or call on it).
        var uses = root.Descendants()
            .OfType<IParameterReferenceOperation>()
            .Where(reference => reference.Parameter.Name == "s" && reference.Syntax.SpanStart != startTls.Syntax.SpanStart)
            .Select(reference => reference.Parent!)
            .ToList();
        return (startTls, uses, ControlFlowGraph.Create((IMethodBodyOperation)root), UpgradeResults.LocalNullUntilRun(startTls));
    }

    private static Gen<string> Block(int depth, bool inLoop)
        => Statement(depth, inLoop).Array[1, 4].Select(statements => string.Join("\n", statements));

    private static Gen<string> Statement(int depth, bool inLoop)
    {
        string[] leaves = inLoop ? [.. Leaves, .. LoopLeaves] : Leaves;
        var leaf = Gen.Int[0, leaves.Length - 1].Select(i => leaves[i]);
        if (depth == 0)
        {
            return leaf;
        }

        var inner = Block(depth - 1, inLoop);
        var loopBody = Block(depth - 1, inLoop: true);
        // Leaves four times as often as each compound statement, so bodies stay small.
        return Gen.OneOf(
            leaf,
            leaf,
            leaf,
            leaf,
            Gen.Select(inner, inner, (a, b) => $"if (flag) {{ {a} }} else {{ {b} }}"),
            Gen.Select(inner, inner, (a, b) => $"try {{ {a} }} finally {{ n--; }}"),
            Gen.Select(inner, inner, (a, b) => $"try {{ {a} }} catch (InvalidOperationException) {{ {b} }}"),
            loopBody.Select(a => $"while (n < 3) {{ {a} }}"),
            inner.Select(a => $"{{ {a} }}"),
            Gen.Select(inner, inner, (a, b) => $"switch (n) {{ case 1: {{ {a} break; }} default: {{ {b} break; }} }}"));
    }
}
