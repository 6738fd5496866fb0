using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Analyzers.Model;
using WorkerSockets.Analyzers.Tests.Verifiers;
using Xunit.Abstractions;

namespace WorkerSockets.Analyzers.Tests;

/// <summary>
/// Scores every rule on the annotated corpus in <c>Corpus/</c>: realistic handler code (helpers, protocol classes, routers,
/// retries, pipelines, lambdas, workers) where each line that must be reported ends with <c>// expect: WSKnnn[, WSKnnn]</c>.
/// A diagnostic counts as a hit when its rule is expected on its first line. Most files were written as an independent
/// tester would, from <c>docs/rules/WSK001..WSK010.md</c> alone; about two thirds of the members must stay quiet (correct
/// but unusual code), the rest carry the expected diagnostics. Later batches live in subfolders (<c>Batch2/</c>: written
/// from the rule pages alone before the analyzers were read, then scored; <c>Batch3/</c>: written the same way after the
/// fixes it prompted; <c>Batch4/</c>: ASP.NET-style endpoints, hosted services, protocol clients, fan-out and retries,
/// written from the rule pages with their own hosting stubs in <c>Hosting.cs</c>; <c>Batch5/</c>: idioms the earlier batches lacked
/// (Node-style callbacks and continuation chains, timeouts, unit of work, records and tuples, wrappers, Stream views,
/// ValueTask factories, negated patterns, goto, channels, timers, <c>#nullable disable</c>, partial workers), written from the
/// rule pages before the analyzers were read; <c>Batch6/</c>: the Cloudflare TCP-sockets documentation examples in C#, and
/// the PostgreSQL, Redis, SMTP, WHOIS and relay clients, health checks, reuse attempts, retries and timeouts people write with
/// them, written from the rule pages before the analyzers were read;
/// rule pages before the analyzers were read; <c>Batch7/</c>: issue 13's root-cause families in forms other developers use
/// (callee ownership through helpers, extensions, generics, params, in; switch expressions; null tests; exclusive routes;
/// awaited background work; s = s.StartTls(); code-fix shapes), the first six files written from the pages before the
/// analyzers were read, the <c>Probes*.cs</c> files after; <c>Batch8/</c>: short, hurried handler code copied from each rule
/// page's "fires" / "does not fire" examples and varied (renamed locals, try/catch, helpers, expression bodies,
/// <c>ConfigureAwait</c>, <c>Task</c> vs <c>ValueTask</c>), plus the code each page's "How to fix" produces, written from the
/// pages before the analyzers were read) and are scored one by one as well as together. <see cref="CorpusCodeFixTests"/> applies the code
/// fixes to the same files.
/// </summary>
public partial class CorpusScoreTests(ITestOutputHelper output)
{
    private const double Goal = 0.97;

    [Fact]
    public async Task Every_rule_scores_at_least_97_percent_precision_and_recall_on_the_corpus()
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", "WorkerSockets.Analyzers.Tests", "Corpus");
        var files = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);

        // Paths relative to Corpus/ with '/' separators: a batch is a subfolder ("Batch2/..."), the first batch is the top level.
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: Path.GetRelativePath(directory, f).Replace('\\', '/'))).ToArray();
        var compilation = CSharpCompilation.Create(
            "Corpus", trees, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var analyzers = typeof(WorkerSocketsAnalyzer).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false } && typeof(WorkerSocketsAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var reported = (await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync())
            .Select(d => (Rule: d.Id, File: d.Location.GetLineSpan().Path, Line: d.Location.GetLineSpan().StartLinePosition.Line))
            .ToHashSet();
        var expected = trees.SelectMany(Expectations).ToHashSet();

        // Each batch must reach the goal on its own: a large batch must not hide a small one's regressions.
        var belowGoalPerBatch = new List<string>();
        foreach (var batch in expected.Select(e => BatchOf(e.File)).Concat(reported.Select(r => BatchOf(r.File))).Distinct().Order())
        {
            output.WriteLine($"batch {batch}:");
            var batchBelowGoal = new List<string>();
            Score(expected.Where(e => BatchOf(e.File) == batch).ToHashSet(), reported.Where(r => BatchOf(r.File) == batch).ToHashSet(), [], batchBelowGoal);
            belowGoalPerBatch.AddRange(batchBelowGoal.Select(b => $"{batch} {b}"));
        }

        output.WriteLine("all batches:");
        var failures = new List<string>();
        var belowGoal = new List<string>(belowGoalPerBatch);
        Score(expected, reported, failures, belowGoal);

        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(belowGoal.Count == 0, string.Join("\n", belowGoal.Concat(failures)));

        // Every rule is exercised by the corpus.
        Assert.Equal(10, expected.Select(e => e.Rule).Distinct().Count());
    }

    private void Score(
        HashSet<(string Rule, string File, int Line)> expected, HashSet<(string Rule, string File, int Line)> reported, List<string> failures, List<string> belowGoal)
    {
        output.WriteLine($"{"rule",-7} {"expected",8} {"reported",8} {"hits",5} {"precision",9} {"recall",7}");
        foreach (var rule in expected.Select(e => e.Rule).Concat(reported.Select(r => r.Rule)).Distinct().Order())
        {
            var want = expected.Where(e => e.Rule == rule).ToHashSet();
            var got = reported.Where(r => r.Rule == rule).ToHashSet();
            var hits = got.Count(want.Contains);
            var precision = got.Count == 0 ? 1 : (double)hits / got.Count;
            var recall = want.Count == 0 ? 1 : (double)hits / want.Count;
            output.WriteLine($"{rule,-7} {want.Count,8} {got.Count,8} {hits,5} {precision,9:P1} {recall,7:P1}");
            foreach (var miss in want.Except(got))
            {
                failures.Add($"missed {rule} at {miss.File}:{miss.Line + 1}");
            }

            foreach (var extra in got.Except(want))
            {
                failures.Add($"unexpected {rule} at {extra.File}:{extra.Line + 1}");
            }

            if (precision < Goal || recall < Goal)
            {
                belowGoal.Add($"{rule}: precision {precision:P1}, recall {recall:P1}");
            }
        }
    }

    private static string BatchOf(string file) => file.Contains('/', StringComparison.Ordinal) ? file[..file.IndexOf('/', StringComparison.Ordinal)] : "Batch1";

    private static IEnumerable<(string Rule, string File, int Line)> Expectations(SyntaxTree tree)
    {
        var lines = tree.GetText().Lines;
        foreach (var line in lines)
        {
            var match = ExpectComment().Match(line.ToString());
            if (!match.Success)
            {
                continue;
            }

            foreach (var rule in match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                yield return (rule, tree.FilePath, line.LineNumber);
            }
        }
    }

    [GeneratedRegex(@"//\s*expect:\s*(WSK\d{3}(?:\s*,\s*WSK\d{3})*)\s*$")]
    private static partial Regex ExpectComment();
}
