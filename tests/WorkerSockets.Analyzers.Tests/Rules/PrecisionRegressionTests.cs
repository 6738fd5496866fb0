using Microsoft.CodeAnalysis.Testing;
using WorkerSockets.Analyzers.Rules;
using WorkerSockets.Analyzers.Tests.Verifiers;
using LeftOpen = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// The misses and false positives the second independent corpus found (issue 13), each as a general mechanism with
/// its firing and its quiet side: disposed returns, catch paths, disposal wrappers, pattern aliases, deconstruction,
/// params arrays, and tasks awaited from a list.
/// </summary>
public class PrecisionRegressionTests
{
    private static string InFactory(string body) => TestReferences.Usings + $$"""
        class Factory
        {
            async Task<WorkerSocket> Open(string host, bool flag)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("await using var s = {|#0:Sockets.Connect(host, 5432)|}; await s.Opened; return s;")]
    [InlineData("await using (var s = {|#0:Sockets.Connect(host, 5432)|}) { await s.Opened; return s; }")]
    [InlineData("var s = {|#0:Sockets.Connect(host, 5432)|}; await using (s) { await s.Opened; } return s;")]
    [InlineData("var s = {|#0:Sockets.Connect(host, 5432)|}; await using (s.ConfigureAwait(false)) { if (flag) { return s; } } return Sockets.Connect(host, 1);")]
    public Task WSK007_reports_a_socket_returned_after_its_using_disposed_it(string body)
        => LeftOpen.VerifyAsync(
            InFactory(body),
            new DiagnosticResult("WSK007", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
                .WithArguments("s", "is returned after 'using' disposed it: the caller gets a closed socket; drop the 'using' and let the caller close it"));

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 5432); if (flag) { return s; } await using (s) { await s.Opened; } return Sockets.Connect(host, 1);")]
    [InlineData("var s = Sockets.Connect(host, 5432); await using (s) { await s.Opened; } s = Sockets.Connect(host, 1); return s;")]
    [InlineData("await using var s = Sockets.Connect(host, 5432); Func<WorkerSocket> f = () => s; await s.Opened; return Sockets.Connect(host, 1);")]
    [InlineData("await using var probe = Sockets.Connect(host, 5432); await probe.Opened; return Sockets.Connect(host, 1);")]
    public Task WSK007_is_quiet_when_the_returned_socket_was_not_disposed(string body)
        => LeftOpen.VerifyAsync(InFactory(body));

    [Fact]
    public Task WSK007_an_iterator_that_yields_the_socket_inside_its_using_lends_it()
        => LeftOpen.VerifyAsync(TestReferences.Usings + """
            class Lender
            {
                async IAsyncEnumerable<WorkerSocket> Lend(string host)
                {
                    await using var s = Sockets.Connect(host, 5432);
                    yield return s;
                }
            }
            """);

    [Theory]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 5432)|}; try { await s.Opened; } catch (TimeoutException) { return; } await s.CloseAsync();")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 5432)|}; try { await s.Opened; } catch (Exception e) when (e is TimeoutException) { Console.WriteLine(e); return; } finally { } await s.CloseAsync();")]
    public Task WSK007_follows_a_catch_that_swallows_the_exception_for_a_socket_opened_before_the_try(string body)
        => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 5432); try { await s.Opened; } catch { await s.CloseAsync(); return; } await s.CloseAsync();")]
    [InlineData("var s = Sockets.Connect(host, 5432); try { await s.Opened; } catch { await s.CloseAsync(); throw; } await s.CloseAsync();")]
    [InlineData("var s = Sockets.Connect(host, 5432); try { await s.Opened; } catch (Exception e) { Console.WriteLine(e); } await s.CloseAsync();")]
    [InlineData("var s = Sockets.Connect(host, 5432); await s.Opened; try { await s.CloseAsync(); } catch (Exception e) { Console.WriteLine(e); }")]
    [InlineData("try { var s = Sockets.Connect(host, 5432); await s.Opened; await s.CloseAsync(); } catch (Exception) { return; }")]
    [InlineData("var s = Sockets.Connect(host, 5432); try { try { await s.Opened; } catch (TimeoutException) { return; } } finally { await s.CloseAsync(); }")]
    public Task WSK007_is_quiet_when_every_catch_path_closes_or_rethrows(string body)
        => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 5432); await using (s.ConfigureAwait(false)) { await s.Opened; }")]
    [InlineData("var s = Sockets.Connect(host, 5432); await using var _ = s.ConfigureAwait(false); await s.Opened;")]
    [InlineData("object o = Sockets.Connect(host, 5432); if (o is WorkerSocket s) { await s.CloseAsync(); }")]
    [InlineData("WorkerSocket? s = null; try { s = Sockets.Connect(host, 5432); await s.Opened; } finally { if (s is { } open) { await open.CloseAsync(); } }")]
    [InlineData("var (a, b) = (Sockets.Connect(host, 1), Sockets.Connect(host, 2)); await a.CloseAsync(); await b.CloseAsync();")]
    [InlineData("var pair = (Sockets.Connect(host, 1), 2); await pair.Item1.CloseAsync();")]
    [InlineData("var s = Sockets.Connect(host, 5432); Console.WriteLine(\"{0}\", s); await s.CloseAsync();")]
    [InlineData("var a = Sockets.Connect(host, 1); var b = Sockets.Connect(host, 2); await CloseAll(a, b); static async Task CloseAll(params WorkerSocket[] all) { foreach (var x in all) await x.CloseAsync(); }")]
    public Task WSK007_sees_disposal_wrappers_aliases_deconstruction_and_params_arrays(string body)
        => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("var other = Sockets.Connect(host, 1); var s = {|WSK007:Sockets.Connect(host, 5432)|}; await using (other.ConfigureAwait(false)) { await s.Opened; }")]
    [InlineData("var (a, b) = (Sockets.Connect(host, 1), {|WSK007:Sockets.Connect(host, 2)|}); await a.CloseAsync(); await b.Opened;")]
    [InlineData("var (a, _) = (Sockets.Connect(host, 1), {|WSK007:Sockets.Connect(host, 2)|}); await a.CloseAsync();")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 5432)|}; Console.WriteLine(\"{0} {1}\", s, host); await s.Opened;")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 5432)|}; object o = s; if (o is string text) { Console.WriteLine(text); }")]
    public Task WSK007_still_reports_what_those_shapes_leave_open(string body)
        => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("WorkerSocket? last = null; foreach (var h in new[] { host }) { last = {|WSK007:Sockets.Connect(h, 1)|}; } if (last != null) { await last.CloseAsync(); }")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; for (var i = 0; i < 3; i++) { s = {|WSK007:Sockets.Connect(host, i)|}; } await s.CloseAsync();")]
    public Task WSK007_a_loop_that_stores_a_new_socket_over_an_open_one_leaks_it(string body)
        => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("WorkerSocket? s = null; foreach (var h in new[] { host }) { if (s != null) { await s.CloseAsync(); } s = Sockets.Connect(h, 1); } if (s != null) { await s.CloseAsync(); }")]
    [InlineData("WorkerSocket? s = null; foreach (var h in new[] { host }) { await (s?.CloseAsync() ?? Task.CompletedTask); s = Sockets.Connect(h, 1); } await (s?.CloseAsync() ?? Task.CompletedTask);")]
    [InlineData("var s = Sockets.Connect(host, 1, new SocketOptions { SecureTransport = SecureTransport.StartTls }); foreach (var c in new[] { host }) { if (c == \"x\") { s = s.StartTls(); } } await s.CloseAsync();")]
    public Task WSK007_a_loop_that_closes_before_storing_the_next_socket_is_quiet(string body)
        => LeftOpen.VerifyBodyAsync(body);

    private const string Upgradable = "var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls }); ";

    [Theory]
    [InlineData(Upgradable + "try { await using var tls = plain.StartTls(); await tls.Opened; } finally { await {|WSK006:plain.CloseAsync()|}; }")]
    [InlineData(Upgradable + "try { var tls = plain.StartTls(); await tls.CloseAsync(); } finally { if (host.Length > 0) { await {|WSK006:plain.Writable|}.FlushAsync(); } }")]
    public Task WSK006_a_finally_after_the_upgrade_runs_after_it(string body)
        => AnalyzerVerifier<SocketUsedAfterStartTlsAnalyzer>.VerifyBodyAsync(body);

    [Theory]
    [InlineData(Upgradable + "try { await using var tls = plain.StartTls(); await tls.Opened; } finally { await plain.Closed; }")]
    [InlineData(Upgradable + "try { await plain.Writable.FlushAsync(); } finally { await plain.Writable.CompleteAsync(); } await using var tls = plain.StartTls();")]
    [InlineData(Upgradable + "WorkerSocket tls; try { tls = plain.StartTls(); } catch (InvalidOperationException) { await plain.CloseAsync(); throw; } await tls.CloseAsync();")]
    public Task WSK006_a_finally_or_catch_that_does_not_follow_the_upgrade_is_quiet(string body)
        => AnalyzerVerifier<SocketUsedAfterStartTlsAnalyzer>.VerifyBodyAsync(body);

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 1); var work = new List<Task> { Task.Run(() => s.Opened) }; work.Add(Task.Run(() => s.Closed)); await Task.WhenAll(work); await s.CloseAsync();")]
    [InlineData("var s = Sockets.Connect(host, 1); var work = new[] { Task.Run(() => s.Opened) }; await Task.WhenAny(work); await s.CloseAsync();")]
    [InlineData("var s = Sockets.Connect(host, 1); List<Task> work = [Task.Run(() => s.Opened)]; ctx.WaitUntil(Task.WhenAll(work)); await s.CloseAsync();")]
    public Task WSK003_work_gathered_in_a_local_list_and_awaited_stays_in_the_request(string body)
        => AnalyzerVerifier<SocketEscapesRequestAnalyzer>.VerifyBodyAsync(body);

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 1); var work = new List<Task>(); work.Add(Task.Run({|WSK003:() => s.Opened|})); await s.CloseAsync();")]
    [InlineData("var s = Sockets.Connect(host, 1); var work = new List<Task> { Task.Run({|WSK003:() => s.Opened|}) }; work.Clear(); await s.CloseAsync();")]
    public Task WSK003_work_gathered_in_a_list_nobody_awaits_escapes(string body)
        => AnalyzerVerifier<SocketEscapesRequestAnalyzer>.VerifyBodyAsync(body);
}
