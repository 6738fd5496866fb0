using WorkerSockets.Analyzers.Rules;
using WorkerSockets.Analyzers.Tests.Verifiers;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>Issue 13's root causes 2–7 for WSK002–WSK008: the firing and the quiet side of each.</summary>
public class RootCauseTests
{
    private const string SixUsings = """
        await using var s1 = Sockets.Connect("db:1");
        await using var s2 = Sockets.Connect("db:2");
        await using var s3 = Sockets.Connect("db:3");
        await using var s4 = Sockets.Connect("db:4");
        await using var s5 = Sockets.Connect("db:5");
        await using var s6 = Sockets.Connect("db:6");
        """;

    [Theory]
    [InlineData("""
        switch (host)
        {
            case "1": { await using var s = Sockets.Connect("a:1"); await s.Opened; break; }
            case "2": { await using var s = Sockets.Connect("a:2"); await s.Opened; break; }
            case "3": { await using var s = Sockets.Connect("a:3"); await s.Opened; break; }
            case "4": { await using var s = Sockets.Connect("a:4"); await s.Opened; break; }
            case "5": { await using var s = Sockets.Connect("a:5"); await s.Opened; break; }
            case "6": { await using var s = Sockets.Connect("a:6"); await s.Opened; break; }
            default: { await using var s = Sockets.Connect("a:7"); await s.Opened; break; }
        }
        """)]
    [InlineData("""
        var p1 = Sockets.Connect("a:1"); await Close(p1);
        var p2 = Sockets.Connect("a:2"); await Close(p2);
        var p3 = Sockets.Connect("a:3"); await Close(p3);
        var p4 = Sockets.Connect("a:4"); await Close(p4);
        var p5 = Sockets.Connect("a:5"); await Close(p5);
        var p6 = Sockets.Connect("a:6"); await Close(p6);
        var p7 = Sockets.Connect("a:7"); await Close(p7);
        static async Task Close(WorkerSocket socket) => await socket.CloseAsync();
        """)]
    [InlineData("""
        var l1 = Sockets.Connect("a:1"); await using (l1) { await l1.Opened; }
        var l2 = Sockets.Connect("a:2"); await using (l2) { await l2.Opened; }
        var l3 = Sockets.Connect("a:3"); await using (l3) { await l3.Opened; }
        var l4 = Sockets.Connect("a:4"); await using (l4) { await l4.Opened; }
        var l5 = Sockets.Connect("a:5"); await using (l5) { await l5.Opened; }
        var l6 = Sockets.Connect("a:6"); await using (l6) { await l6.Opened; }
        var l7 = Sockets.Connect("a:7"); await using (l7) { await l7.Opened; }
        """)]
    [InlineData(SixUsings + """if (host == "x") { return; } else { await s6.Opened; }""")]
    [InlineData(SixUsings + """if (host == "x") { await s1.CloseAsync(); await using var s7 = Sockets.Connect("db:7"); }""")]
    public Task WSK008_counts_only_what_is_open_at_once_on_one_path(string body)
        => AnalyzerVerifier<TooManyOpenSocketsAnalyzer>.VerifyBodyAsync(body);

    [Theory]
    [InlineData(SixUsings + """if (host == "x") { await using var s7 = {|WSK008:Sockets.Connect("db:7")|}; }""")]
    [InlineData(SixUsings + """var h = new Hyperdrive("postgres://u:p@db:5432/app"); await using var s7 = {|WSK008:h.Connect()|};""")]
    [InlineData("""
        var l1 = Sockets.Connect("a:1"); var l2 = Sockets.Connect("a:2"); var l3 = Sockets.Connect("a:3");
        var l4 = Sockets.Connect("a:4"); var l5 = Sockets.Connect("a:5"); var l6 = Sockets.Connect("a:6");
        switch (host) { case "a": await l1.CloseAsync(); break; default: var l7 = {|WSK008:Sockets.Connect("a:7")|}; await l7.CloseAsync(); break; }
        await l1.CloseAsync(); await l2.CloseAsync(); await l3.CloseAsync(); await l4.CloseAsync(); await l5.CloseAsync(); await l6.CloseAsync();
        """)]
    public Task WSK008_reports_a_seventh_socket_open_on_some_path(string body)
        => AnalyzerVerifier<TooManyOpenSocketsAnalyzer>.VerifyBodyAsync(body);

    [Theory]
    [InlineData("""await Task.Run(() => Console.WriteLine(s.Opened.IsCompleted));""")]
    [InlineData("""await Task.Run(() => Console.WriteLine(s.Opened.IsCompleted)).ConfigureAwait(false);""")]
    [InlineData("""var work = Task.Run(() => Console.WriteLine(s.Opened.IsCompleted)); await work;""")]
    [InlineData("""await Task.WhenAll(Task.Run(() => Console.WriteLine(s.Opened.IsCompleted)), Task.Delay(1));""")]
    public Task WSK003_awaited_work_ends_inside_the_request(string body)
        => AnalyzerVerifier<SocketEscapesRequestAnalyzer>.VerifyBodyAsync("""await using var s = Sockets.Connect("db:5432"); """ + body);

    [Theory]
    [InlineData("""_ = Task.Run({|WSK003:() => Console.WriteLine(s.Opened.IsCompleted)|});""")]
    [InlineData("""var work = Task.Run({|WSK003:() => Console.WriteLine(s.Opened.IsCompleted)|}); Console.WriteLine(work.Id);""")]
    public Task WSK003_work_nobody_waits_for_escapes(string body)
        => AnalyzerVerifier<SocketEscapesRequestAnalyzer>.VerifyBodyAsync("""await using var s = Sockets.Connect("db:5432"); """ + body);

    [Fact]
    public Task WSK003_and_WSK004_a_Worker_field_initializer_that_connects()
        => new AnalyzerVerifier<SocketEscapesRequestAnalyzer>.Test
        {
            TestCode = TestReferences.Usings + """
                [Worker]
                partial class MyWorker
                {
                    private readonly WorkerSocket db = {|WSK003:Sockets.Connect("db:5432")|};
                    private readonly Func<WorkerSocket> later = () => Sockets.Connect("db:5432");
                }

                sealed class NotAWorker
                {
                    private readonly WorkerSocket db = Sockets.Connect("db:5432");
                }
                """,
        }.RunAsync();

    [Fact]
    public Task WSK004_a_Worker_field_initializer_runs_outside_any_request()
        => AnalyzerVerifier<ConnectInGlobalScopeAnalyzer>.VerifyAsync(TestReferences.Usings + """
            [Worker]
            partial class MyWorker
            {
                private readonly WorkerSocket db = {|WSK004:Sockets.Connect("db:5432")|};
                private WorkerSocket Lazy => Sockets.Connect("db:5432");
            }

            sealed class NotAWorker
            {
                private readonly WorkerSocket db = Sockets.Connect("db:5432");
            }
            """);

    [Theory]
    [InlineData("""var s = Sockets.Connect("db:5432"); s = {|WSK005:s.StartTls()|}; await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.On }); s = {|WSK005:s.StartTls()|}; await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls }); s = s.StartTls(); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); if (host.Length > 1) { s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls }); } s = s.StartTls(); await s.CloseAsync();""")]
    public Task WSK005_follows_the_socket_through_reassignment(string body)
        => AnalyzerVerifier<StartTlsWithoutOptionAnalyzer>.VerifyBodyAsync(body);

    [Theory]
    [InlineData("""
        var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls });
        for (var i = 0; i < 2; i++)
        {
            await {|WSK006:s.Writable|}.FlushAsync();
            if (i == 0) { var tls = s.StartTls(); await tls.CloseAsync(); }
        }
        """)]
    [InlineData("""
        var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls });
        for (var i = 0; i < 2; i++)
        {
            await s.Writable.FlushAsync();
            if (i == 1) { var tls = s.StartTls(); await tls.CloseAsync(); break; }
        }
        """)]
    [InlineData("""
        var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls });
        while (true)
        {
            await s.Writable.FlushAsync();
            s = s.StartTls();
            if (host.Length > 0) break;
        }
        await s.CloseAsync();
        """)]
    public Task WSK006_a_use_earlier_in_a_loop_runs_again_after_the_upgrade(string body)
        => AnalyzerVerifier<SocketUsedAfterStartTlsAnalyzer>.VerifyBodyAsync(body);

    [Fact]
    public Task WSK002_a_null_conditional_close_drops_the_task_too()
        => AnalyzerVerifier<UnobservedSocketCloseAnalyzer>.VerifyAsync(TestReferences.Usings + """
            class Handler
            {
                private WorkerSocket? maybe;

                async Task Handle()
                {
                    {|WSK002:maybe?.CloseAsync()|};
                    await (maybe?.CloseAsync() ?? Task.CompletedTask);
                    _ = {|WSK002:maybe?.DisposeAsync()|};
                }
            }
            """);
}
