using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Analyzers.Tests.Verifiers;

namespace WorkerSockets.Analyzers.Tests;

/// <summary>Incomplete code, as an IDE sees it while typing, must never make an analyzer throw (AD0001).</summary>
public class BrokenCodeTests
{
    public static TheoryData<string> BrokenBodies =>
    [
        """var s = Sockets.Connect(""",
        """var s = Sockets.Connect("db:25""",
        """var s = Sockets.Connect(host, );""",
        """var s = Sockets.Connect(new DnsEndPoint(host, ), );""",
        """var s = Sockets.Connect($"{host}:{""",
        """var s = Sockets.Connect(host + ":" + , null); s.StartTls(""",
        """int p = p; var s = Sockets.Connect(host, p);""",
        """var a = a + ":25"; var s = Sockets.Connect(a);""",
        """var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = }); s.StartTls();""",
        """var s = Sockets.Connect("db:5432", new SocketOptions { Unknown = 1 }); var t = s.StartTls(); t = ; s.CloseAsync(""",
        """WorkerSocket s; s.CloseAsync(); s.Opened.Result; s.Opened.GetAwaiter().GetResult(""",
        """for (;;) { list.Add(Sockets.Connect("db:5432")); }""",
        """Task.Run(() => s.CloseAsync()); new Thread(); new Timer(_ => ); ThreadPool.QueueUserWorkItem(""",
        """Shared.X = Sockets.Connect("db:5432"); Undefined[0] = Sockets.Connect("a:1");""",
        """await using var s = ; s.StartTls().StartTls().Readable.""",
        """Sockets.Connect(99999999999); Sockets.Connect("a:99999999"); Sockets.Connect(host, 25L);""",
        """var s = Sockets.Connect(host, (int)25.5e20);""",
        """_ = ctx.WaitUntil(; ctx. = Sockets.Connect("a:25");""",
        """var s = Open(host); static WorkerSocket Open(string h) => h.Length > 0 ? Sockets.Connect( : ; var t = Loop(); WorkerSocket Loop() => Loop();""",
        """object r = Sockets.Connect(host, 1); switch (r) { case WorkerSocket { Upgraded: } u: await u.CloseAsync(; case WorkerSocket: break; case var : }""",
        """WorkerSocket? last = null; foreach (var n in ) { var c = Sockets.Connect(n); last = c; last = ; }""",
        """WorkerSocket? tls = null; var p = Sockets.Connect(host, 1); tls = p.StartTls(; if (tls is not ) p.CloseAsync(); tls = p.StartTls() = null;""",
        """var s = Sockets.Connect(host, 1); try { await s.Opened; return s; } catch ( { } foreach (var h in ) { var t = Sockets.Connect(h, 1); try { await ; await t.CloseAsync(); } catch { }""",
        """var s = Sockets.Connect(host, 1); Shared.OnShutdown.Add(() => s.); Undefined.List.Add(() => s.CloseAsync()); Shared.Lazy = new(() => Task.FromResult(Sockets.Connect(host, )));""",
        """Shared.Lazy = new(async () => { var s = Sockets.Connect(host, 1); return ; }); Shared.Lazy = new(() => Task.FromResult<>(Sockets.Connect(host, 1)).AsTask(); x = new(() => await Sockets.Connect(host, 1));""",
        """Globals.Current..Spares.Add(Sockets.Connect(host, 1)); Undefined.Root.Next!.Socket = Sockets.Connect(host, 2); await using var x = Sockets.Connect(host, 3).Stream;""",
        """var s = Sockets.Connect(host, 1); s.CloseAsync().ContinueWith(; s.DisposeAsync().AsTask().ContinueWith(t => ).Unwrap(; _ = s.CloseAsync().ContinueWith<>(x => x);""",
        """var a = await Now(host); var b = await Half(host); static ValueTask<WorkerSocket> Now(string h) => new(Sockets.Connect(h, ); static Task<WorkerSocket> Half(string h) => Task.FromResult(; static ValueTask<WorkerSocket> Self(string h) => Self(h);""",
        """var s = Sockets.Connect(host, 1); using var r = new System.IO.StreamReader(s.Stream, leaveOpen: ); using var w = new System.IO.StreamWriter(new System.IO.BufferedStream(s.Stream, ), ); using var u = new Undefined(s.Stream);""",
        """WorkerSocket? s = Sockets.Connect(host, 1); if (s is not { } ) return; if (s is not WorkerSocket { Upgraded: } o) return; await o.CloseAsync(; new Hyperdrive().Connect().StartTls(""",
    ];

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task Analyzers_do_not_throw_on_incomplete_code(string body)
    {
        var source = TestReferences.InMethod(body) + "\nstatic class Broken { static WorkerSocket S = Sockets.Connect(; static Broken() { Sockets.Connect(\"a:\" + ) } }";
        var compilation = CSharpCompilation.Create(
            "Broken",
            [CSharpSyntaxTree.ParseText(source)],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, diagnostic) => exceptions.Add(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);

        var diagnostics = await compilation.WithAnalyzers(AnalyzerCatalogTests.AllAnalyzers, options).GetAllDiagnosticsAsync();

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>
    /// Every corpus file cut off, or missing one token, at a few fixed points: realistic code as it looks mid-typing. (Run
    /// at 25 points per file, 5,440 variants, when Batch5 landed: no analyzer threw; two points keep this test quick.)
    /// </summary>
    [Fact]
    public async Task Analyzers_do_not_throw_on_corpus_files_cut_or_missing_a_token()
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", "WorkerSockets.Analyzers.Tests", "Corpus");
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().ToArray();
            for (var i = tokens.Length / 3; i < tokens.Length; i += Math.Max(1, tokens.Length / 3))
            {
                foreach (var variant in new[] { text.Remove(tokens[i].SpanStart, tokens[i].Span.Length), text[..tokens[i].SpanStart] })
                {
                    var compilation = CSharpCompilation.Create(
                        "Cut", [CSharpSyntaxTree.ParseText(variant)], TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                    var exceptions = new List<Exception>();
                    var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false);
                    var diagnostics = await compilation.WithAnalyzers(AnalyzerCatalogTests.AllAnalyzers, options).GetAnalyzerDiagnosticsAsync();
                    if (exceptions.Count > 0 || diagnostics.Any(d => d.Id == "AD0001"))
                    {
                        failures.Add($"{Path.GetFileName(file)} at token {i} '{tokens[i].Text}': {exceptions.FirstOrDefault()}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
