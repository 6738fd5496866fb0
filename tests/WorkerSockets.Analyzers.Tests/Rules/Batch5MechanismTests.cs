using WorkerSockets.Analyzers.CodeFixes.Rules;
using WorkerSockets.Analyzers.Tests.Verifiers;
using CloseFix = WorkerSockets.Analyzers.Tests.Verifiers.CodeFixVerifier<
    WorkerSockets.Analyzers.Rules.UnobservedSocketCloseAnalyzer,
    WorkerSockets.Analyzers.CodeFixes.Rules.AwaitSocketCloseFix>;
using LeftOpen = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;
using StartTls = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.StartTlsWithoutOptionAnalyzer>;
using Unobserved = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.UnobservedSocketCloseAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// The misses the fifth corpus batch (<c>Corpus/Batch5</c>) found, each as a general mechanism with its firing and its
/// quiet side: a close whose continuation chain is dropped, factories that return a completed task without being
/// <c>async</c>, factories that upgrade their socket on one path, negated <c>is not { } open</c> copies, readers and
/// writers that dispose the socket's Stream view, and <c>StartTls()</c> on a <c>Hyperdrive.Connect()</c> socket.
/// </summary>
public class Batch5MechanismTests
{
    [Theory]
    [InlineData("var s = Sockets.Connect(host, 1); {|WSK002:s.CloseAsync()|}.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);")]
    [InlineData("var s = Sockets.Connect(host, 1); _ = {|WSK002:s.CloseAsync()|}.ContinueWith(t => Console.WriteLine(t.Status), TaskScheduler.Default);")]
    [InlineData("var s = Sockets.Connect(host, 1); {|WSK002:s.DisposeAsync()|}.AsTask().ContinueWith(_ => s.Closed, TaskScheduler.Default).Unwrap();")]
    public Task WSK002_reports_a_close_whose_continuation_chain_is_dropped(string body) => Unobserved.VerifyBodyAsync(body);

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 1); await s.CloseAsync().ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);")]
    [InlineData("var s = Sockets.Connect(host, 1); ctx.WaitUntil(s.CloseAsync().ContinueWith(t => Console.WriteLine(t.Status), TaskScheduler.Default));")]
    [InlineData("var s = Sockets.Connect(host, 1); var closing = s.CloseAsync().ContinueWith(_ => 1, TaskScheduler.Default); await closing;")]
    [InlineData("var s = Sockets.Connect(host, 1); await Task.WhenAll(s.CloseAsync()).ContinueWith(_ => 1, TaskScheduler.Default);")]
    public Task WSK002_a_continuation_chain_that_is_awaited_or_handed_over_is_quiet(string body) => Unobserved.VerifyBodyAsync(body);

    [Fact]
    public Task WSK002_the_await_fix_awaits_the_whole_continuation_chain()
        => CloseFix.VerifyAsync(
            TestReferences.InMethod("var s = Sockets.Connect(host, 1); {|WSK002:s.CloseAsync()|}.ContinueWith(t => Console.WriteLine(t.Status), TaskScheduler.Default);"),
            TestReferences.InMethod("var s = Sockets.Connect(host, 1); await s.CloseAsync().ContinueWith(t => Console.WriteLine(t.Status), TaskScheduler.Default);"),
            AwaitSocketCloseFix.AwaitKey);

    [Fact]
    public Task WSK002_the_WaitUntil_fix_hands_over_the_whole_continuation_chain()
        => CloseFix.VerifyAsync(
            TestReferences.InMethod("var s = Sockets.Connect(host, 1); {|WSK002:s.DisposeAsync()|}.AsTask().ContinueWith(t => Console.WriteLine(t.Status), TaskScheduler.Default);"),
            TestReferences.InMethod("var s = Sockets.Connect(host, 1); ctx.WaitUntil(s.DisposeAsync().AsTask().ContinueWith(t => Console.WriteLine(t.Status), TaskScheduler.Default));"),
            AwaitSocketCloseFix.WaitUntilKey);

    private static string WithFactories(string body) => TestReferences.Usings + $$"""
        static class Open
        {
            public static ValueTask<WorkerSocket> Now(string h) => new(Sockets.Connect(h, 1));
            public static ValueTask<WorkerSocket> FromResult(string h) => ValueTask.FromResult(Sockets.Connect(h, 1));
            public static Task<WorkerSocket> Task(string h) => System.Threading.Tasks.Task.FromResult(Sockets.Connect(h, 1));
            public static Task<WorkerSocket> ViaLocal(string h) { var s = Sockets.Connect(h, 1); return System.Threading.Tasks.Task.FromResult(s); }
            public static ValueTask<WorkerSocket> Forward(string h) => Now(h);
            public static async Task<WorkerSocket> Negotiate(string h, bool tls)
            {
                var s = Sockets.Connect(h, 1, new SocketOptions { SecureTransport = SecureTransport.StartTls });
                await s.Opened;
                return tls ? s.StartTls() : s;
            }

            static readonly WorkerSocket Shared = null!;
            public static Task<WorkerSocket> Cached() => System.Threading.Tasks.Task.FromResult(Shared);
            public static ValueTask<WorkerSocket> Kept(WorkerSocket s) => new(s);
        }

        class Handler
        {
            async Task Handle(WorkerContext ctx, string host)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var s = await {|WSK007:Open.Now(host)|}; await s.Opened;")]
    [InlineData("var s = await {|WSK007:Open.FromResult(host)|}.ConfigureAwait(false); await s.Opened;")]
    [InlineData("var s = await {|WSK007:Open.Task(host)|}; await s.Opened;")]
    [InlineData("var s = await {|WSK007:Open.ViaLocal(host)|}; await s.Opened;")]
    [InlineData("var s = await {|WSK007:Open.Forward(host)|}; await s.Opened;")]
    [InlineData("var s = await {|WSK007:Open.Negotiate(host, true)|}; await s.Opened;")]
    public Task WSK007_follows_factories_that_return_a_completed_task_or_upgrade_on_one_path(string body) => LeftOpen.VerifyAsync(WithFactories(body));

    [Theory]
    [InlineData("await using var s = await Open.Now(host);")]
    [InlineData("var s = await Open.Task(host); await s.CloseAsync();")]
    [InlineData("var s = await Open.Negotiate(host, false); ctx.WaitUntil(s.CloseAsync());")]
    // Not awaited where it is made: the task is not followed. Not a new socket: a static's, or the caller's own.
    [InlineData("var t = Open.Now(host); await Task.Yield();")]
    [InlineData("var s = await Open.Cached(); await s.Opened;")]
    [InlineData("await using var mine = Sockets.Connect(host, 1); var s = await Open.Kept(mine); await s.Opened;")]
    public Task WSK007_a_task_factory_result_that_is_closed_not_awaited_or_not_new_is_quiet(string body) => LeftOpen.VerifyAsync(WithFactories(body));

    [Theory]
    [InlineData("WorkerSocket? s = host.Length > 1 ? Sockets.Connect(host, 1) : null; if (s is not { } open) return; await open.CloseAsync();")]
    [InlineData("WorkerSocket? s = host.Length > 1 ? Sockets.Connect(host, 1) : null; if (s is not WorkerSocket { } open) { return; } await using (open) { await open.Opened; }")]
    public Task WSK007_a_negated_pattern_copy_that_is_closed_releases_the_socket(string body) => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("WorkerSocket? s = host.Length > 1 ? {|WSK007:Sockets.Connect(host, 1)|} : null; if (s is not { } open) return; await open.Opened;")]
    public Task WSK007_a_negated_pattern_copy_that_is_never_closed_leaves_the_socket_open(string body) => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 1); using var reader = new System.IO.StreamReader(s.Stream); await reader.ReadLineAsync();")]
    [InlineData("var s = Sockets.Connect(host, 1); await using var writer = new System.IO.StreamWriter(s.Stream, leaveOpen: false); await writer.WriteLineAsync(\"x\");")]
    [InlineData("var s = Sockets.Connect(host, 1); await using var zip = new System.IO.Compression.GZipStream(s.Stream, System.IO.Compression.CompressionMode.Decompress); using var reader = new System.IO.StreamReader(zip); await reader.ReadToEndAsync();")]
    [InlineData("var s = Sockets.Connect(host, 1); using (var reader = new System.IO.StreamReader(new System.IO.BufferedStream(s.Stream))) { await reader.ReadLineAsync(); }")]
    [InlineData("var s = Sockets.Connect(host, 1); await using var tls = new System.Net.Security.SslStream(s.Stream, leaveInnerStreamOpen: false); await tls.FlushAsync();")]
    public Task WSK007_a_disposed_reader_or_writer_over_the_Stream_view_closes_the_socket(string body) => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; using var reader = new System.IO.StreamReader(s.Stream, leaveOpen: true); await reader.ReadLineAsync();")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; var reader = new System.IO.StreamReader(s.Stream); await reader.ReadLineAsync();")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; await using var tls = new System.Net.Security.SslStream(s.Stream, leaveInnerStreamOpen: true); await tls.FlushAsync();")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; var keep = host.Length > 2; await using var writer = new System.IO.StreamWriter(s.Stream, System.Text.Encoding.UTF8, 1024, keep); await writer.WriteLineAsync(\"x\");")]
    public Task WSK007_a_reader_that_leaves_the_view_open_or_is_never_disposed_does_not_close_the_socket(string body) => LeftOpen.VerifyBodyAsync(body);

    [Fact]
    public Task WSK007_a_wrapper_declared_in_source_is_not_trusted_to_dispose_the_view()
        => LeftOpen.VerifyAsync(TestReferences.Usings + """
            sealed class Framer(System.IO.Stream stream) : IDisposable
            {
                public System.IO.Stream Stream => stream;
                public void Dispose() { }
            }

            class Handler
            {
                async Task Handle(string host)
                {
                    var s = {|WSK007:Sockets.Connect(host, 1)|};
                    using var framer = new Framer(s.Stream);
                    await framer.Stream.FlushAsync();
                }
            }
            """);

    [Theory]
    [InlineData("var s = new Hyperdrive(\"postgres://u:p@db:5432/app\").Connect(); await using var tls = {|WSK005:s.StartTls()|};")]
    [InlineData("await using var tls = {|WSK005:new Hyperdrive(\"postgres://u:p@db:5432/app\").Connect().StartTls()|};")]
    public Task WSK005_reports_StartTls_on_a_Hyperdrive_socket_which_has_no_options(string body) => StartTls.VerifyBodyAsync(body);

    [Fact]
    public Task WSK005_offers_no_fix_on_a_Hyperdrive_socket_because_its_connect_takes_no_options()
        => CodeFixVerifier<WorkerSockets.Analyzers.Rules.StartTlsWithoutOptionAnalyzer, SetStartTlsOptionFix>.VerifyAsync(
            TestReferences.InMethod("var s = new Hyperdrive(\"postgres://u:p@db:5432/app\").Connect(); await using var tls = {|WSK005:s.StartTls()|};"),
            TestReferences.InMethod("var s = new Hyperdrive(\"postgres://u:p@db:5432/app\").Connect(); await using var tls = {|WSK005:s.StartTls()|};"));

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 1, new SocketOptions { SecureTransport = SecureTransport.StartTls }); await using var tls = s.StartTls();")]
    [InlineData("WorkerSocket Open() => new Hyperdrive(\"postgres://u:p@db:5432/app\").Connect(); await using var tls = Open().StartTls();")]
    public Task WSK005_a_socket_opened_for_StartTls_or_from_elsewhere_is_quiet(string body) => StartTls.VerifyBodyAsync(body);
}

/// <summary>WSK008 counts a socket disposed by a <c>using</c> it is not declared in (a reader over its Stream view, <c>ConfigureAwait</c>) as open until that scope ends.</summary>
public class Batch5CountingTests
{
    [Fact]
    public Task WSK008_a_reader_over_the_Stream_view_holds_its_socket_until_the_using_scope_ends()
        => WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>.VerifyBodyAsync("""
            var s1 = Sockets.Connect(host, 1); using var r1 = new System.IO.StreamReader(s1.Stream);
            var s2 = Sockets.Connect(host, 2); using var r2 = new System.IO.StreamReader(s2.Stream);
            var s3 = Sockets.Connect(host, 3); using var r3 = new System.IO.StreamReader(s3.Stream);
            var s4 = Sockets.Connect(host, 4); using var r4 = new System.IO.StreamReader(s4.Stream);
            var s5 = Sockets.Connect(host, 5); using var r5 = new System.IO.StreamReader(s5.Stream);
            var s6 = Sockets.Connect(host, 6); using var r6 = new System.IO.StreamReader(s6.Stream);
            var s7 = {|WSK008:Sockets.Connect(host, 7)|}; using var r7 = new System.IO.StreamReader(s7.Stream);
            await r1.ReadLineAsync();
            """);

    [Fact]
    public Task WSK008_a_socket_in_await_using_ConfigureAwait_is_open_inside_the_scope()
        => WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>.VerifyBodyAsync("""
            var s1 = Sockets.Connect(host, 1);
            await using (s1.ConfigureAwait(false))
            {
                await using var s2 = Sockets.Connect(host, 2);
                await using var s3 = Sockets.Connect(host, 3);
                await using var s4 = Sockets.Connect(host, 4);
                await using var s5 = Sockets.Connect(host, 5);
                await using var s6 = Sockets.Connect(host, 6);
                await using var s7 = {|WSK008:Sockets.Connect(host, 7)|};
            }
            """);

    [Fact]
    public Task WSK008_a_socket_in_await_using_ConfigureAwait_is_free_after_the_scope()
        => WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>.VerifyBodyAsync("""
            var s1 = Sockets.Connect(host, 1);
            await using (s1.ConfigureAwait(false))
            {
                await s1.Opened;
            }

            await using var s2 = Sockets.Connect(host, 2);
            await using var s3 = Sockets.Connect(host, 3);
            await using var s4 = Sockets.Connect(host, 4);
            await using var s5 = Sockets.Connect(host, 5);
            await using var s6 = Sockets.Connect(host, 6);
            await using var s7 = Sockets.Connect(host, 7);
            """);

    [Fact]
    public Task WSK008_readers_whose_using_scopes_end_before_the_next_connect_are_quiet()
        => WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>.VerifyBodyAsync("""
            var s1 = Sockets.Connect(host, 1); using (var r = new System.IO.StreamReader(s1.Stream)) { await r.ReadLineAsync(); }
            var s2 = Sockets.Connect(host, 2); using (var r = new System.IO.StreamReader(s2.Stream)) { await r.ReadLineAsync(); }
            var s3 = Sockets.Connect(host, 3); using (var r = new System.IO.StreamReader(s3.Stream)) { await r.ReadLineAsync(); }
            var s4 = Sockets.Connect(host, 4); using (var r = new System.IO.StreamReader(s4.Stream)) { await r.ReadLineAsync(); }
            var s5 = Sockets.Connect(host, 5); using (var r = new System.IO.StreamReader(s5.Stream)) { await r.ReadLineAsync(); }
            var s6 = Sockets.Connect(host, 6); using (var r = new System.IO.StreamReader(s6.Stream)) { await r.ReadLineAsync(); }
            var s7 = Sockets.Connect(host, 7); using (var r = new System.IO.StreamReader(s7.Stream)) { await r.ReadLineAsync(); }
            """);
}

/// <summary>WSK003: a task the method returns, or awaits through Unwrap/WaitAsync/ContinueWith, ends inside the request.</summary>
public class Batch5EscapeTests
{
    [Theory]
    [InlineData("Task Work(WorkerSocket s) => Task.Run(() => Console.WriteLine(s.Upgraded));")]
    [InlineData("Task Work(WorkerSocket s) { var work = Task.Run(async () => await s.Opened); return work; }")]
    [InlineData("async Task Work(WorkerSocket s) => await Task.Factory.StartNew(async () => await s.Opened).Unwrap();")]
    [InlineData("async Task Work(WorkerSocket s, CancellationToken ct) => await Task.Run(async () => await s.Opened, ct).WaitAsync(ct);")]
    [InlineData("async Task Work(WorkerSocket s) => await Task.Run(() => s.Upgraded).ContinueWith(t => t.Result, TaskScheduler.Default);")]
    public Task WSK003_work_returned_to_the_caller_or_awaited_through_a_wrapper_is_quiet(string member)
        => WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketEscapesRequestAnalyzer>.VerifyAsync(
            TestReferences.Usings + "class Handler { " + member + " }");

    [Theory]
    [InlineData("Timer Work(WorkerSocket s) => new Timer({|WSK003:_ => Console.WriteLine(s.Upgraded)|}, null, 1000, 1000);")]
    [InlineData("Thread Work(WorkerSocket s) => new Thread({|WSK003:() => Console.WriteLine(s.Upgraded)|});")]
    [InlineData("void Work(WorkerSocket s) { Func<Task> f = () => Task.Run({|WSK003:() => Console.WriteLine(s.Upgraded)|}); }")]
    [InlineData("void Work(WorkerSocket s) { _ = Task.Factory.StartNew({|WSK003:async () => await s.Opened|}).Unwrap(); }")]
    [InlineData("Task Work(WorkerSocket s) { _ = Task.Run({|WSK003:() => Console.WriteLine(s.Upgraded)|}).ContinueWith(t => 1, TaskScheduler.Default); return Task.CompletedTask; }")]
    public Task WSK003_a_returned_timer_or_thread_a_lambda_return_or_a_dropped_wrapper_still_escapes(string member)
        => WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketEscapesRequestAnalyzer>.VerifyAsync(
            TestReferences.Usings + "class Handler { " + member + " }");
}
