using WorkerSockets.Analyzers.Tests.Verifiers;
using Escapes = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketEscapesRequestAnalyzer>;
using LeftOpen = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;
using AfterTls = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketUsedAfterStartTlsAnalyzer>;
using TooMany = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// The misses and false alarms the seventh corpus batch (<c>Corpus/Batch7</c>) found, each as a general mechanism with
/// its firing and its quiet side: <c>is not { }</c> as a null test, an <c>in</c> argument decided by the callee like any
/// other, the arms of a ternary counted as one socket by WSK008, and a <c>[Worker]</c> field written through <c>base.</c>.
/// </summary>
public class Batch7MechanismTests
{
    [Theory]
    [InlineData("WorkerSocket? s = host.Length == 0 ? null : Sockets.Connect(host, 1); if (s is not { }) return; await s.CloseAsync();")]
    [InlineData("WorkerSocket? s = host.Length == 0 ? null : Sockets.Connect(host, 1); if (!(s is not { })) await s.CloseAsync();")]
    [InlineData("object? o = host.Length == 0 ? null : Sockets.Connect(host, 1); if (o is not WorkerSocket) return; await ((WorkerSocket)o).CloseAsync();")]
    public Task WSK007_a_negated_pattern_that_fails_only_on_null_is_a_null_test(string body) => LeftOpen.VerifyBodyAsync(body);

    [Theory]
    [InlineData("WorkerSocket? s = host.Length == 0 ? null : {|WSK007:Sockets.Connect(host, 1)|}; if (s is not { }) return; await s.Opened;")]
    [InlineData("WorkerSocket? s = host.Length == 0 ? null : {|WSK007:Sockets.Connect(host, 1)|}; if (s is not { }) await s!.CloseAsync();")]
    public Task WSK007_a_negated_pattern_null_test_still_reports_the_not_null_path_that_leaks(string body) => LeftOpen.VerifyBodyAsync(body);

    private static string WithHelpers(string body) => TestReferences.Usings + $$"""
        static class Wire
        {
            public static bool IsSecure(in WorkerSocket s) => s.SecureTransport != SecureTransport.Off;
            public static Task CloseIn(in WorkerSocket s) => s.CloseAsync();
        }

        static class Many
        {
            public static async Task CloseAll(params WorkerSocket[] sockets) { foreach (var s in sockets) await s.CloseAsync(); }
            public static async Task CloseEach(params WorkerSocket[] sockets) { for (var i = 0; i < sockets.Length; i++) await sockets[i].CloseAsync(); }
            public static Task CloseMapped(params WorkerSocket[] sockets) => Task.WhenAll(System.Linq.Enumerable.Select(sockets, s => s.CloseAsync()));
            public static Task Forward(params WorkerSocket[] sockets) => CloseAll(sockets);
            public static void Trace(params WorkerSocket[] sockets) => Console.WriteLine(sockets.Length);
            public static async Task Touch(params WorkerSocket[] sockets) { foreach (var s in sockets) await s.Opened; }
        }

        class Handler
        {
            async Task Handle(WorkerContext ctx, string host)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task WSK007_an_in_argument_to_a_callee_that_only_reads_is_a_borrow()
        => LeftOpen.VerifyAsync(WithHelpers("var s = {|WSK007:Sockets.Connect(host, 1)|}; if (Wire.IsSecure(in s)) await s.Opened;"));

    [Fact]
    public Task WSK007_an_in_argument_to_a_callee_that_closes_hands_it_over()
        => LeftOpen.VerifyAsync(WithHelpers("var s = Sockets.Connect(host, 1); await Wire.CloseIn(in s);"));

    [Theory]
    [InlineData("var a = Sockets.Connect(host, 1); var b = Sockets.Connect(host, 2); await Many.CloseAll(a, b);")]
    [InlineData("var a = Sockets.Connect(host, 1); await Many.CloseEach(a);")]
    [InlineData("var a = Sockets.Connect(host, 1); await Many.CloseMapped(a);")]
    [InlineData("var a = Sockets.Connect(host, 1); await Many.Forward(a);")]
    [InlineData("var a = Sockets.Connect(host, 1); var all = System.Collections.Immutable.ImmutableArray.Create(a); await all[0].CloseAsync();")]
    public Task WSK007_a_params_array_of_sockets_whose_callee_closes_the_elements_hands_them_over(string body) => LeftOpen.VerifyAsync(WithHelpers(body));

    [Theory]
    [InlineData("var a = {|WSK007:Sockets.Connect(host, 1)|}; Many.Trace(a); await a.Opened;")]
    [InlineData("var a = {|WSK007:Sockets.Connect(host, 1)|}; await Many.Touch(a);")]
    public Task WSK007_a_params_array_of_sockets_whose_callee_only_reads_them_is_a_borrow(string body) => LeftOpen.VerifyAsync(WithHelpers(body));

    [Fact]
    public Task WSK008_the_arms_of_a_ternary_are_one_socket()
        => TooMany.VerifyBodyAsync("""
            await using var a = Sockets.Connect(host, 1);
            await using var b = Sockets.Connect(host, 2);
            await using var c = Sockets.Connect(host, 3);
            await using var d = host.Length > 3 ? Sockets.Connect(host, 4) : Sockets.Connect(host, 14);
            await using var e = Sockets.Connect(host, 5);
            await using var f = Sockets.Connect(host, 6);
            await using var g = {|WSK008:Sockets.Connect(host, 7)|};
            """);

    [Fact]
    public Task WSK008_six_sockets_with_a_ternary_among_them_are_quiet()
        => TooMany.VerifyBodyAsync("""
            await using var a = Sockets.Connect(host, 1);
            await using var b = Sockets.Connect(host, 2);
            await using var c = Sockets.Connect(host, 3);
            await using var d = host.Length > 3 ? Sockets.Connect(host, 4) : Sockets.Connect(host, 14);
            await using var e = Sockets.Connect(host, 5);
            await using var f = host switch { "x" => Sockets.Connect(host, 6), _ => Sockets.Connect(host, 16) };
            """);

    private static string Worker(string body) => TestReferences.Usings + $$"""
        abstract class WorkerBase { protected WorkerSocket? Connection; }

        [Worker]
        partial class MyWorker : WorkerBase
        {
            async Task Warm(string host)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("{|WSK003:base.Connection = Sockets.Connect(host, 1)|}; await base.Connection.Opened;")]
    [InlineData("{|WSK003:this.Connection = Sockets.Connect(host, 1)|}; await Connection.Opened;")]
    [InlineData("{|WSK003:Connection = Sockets.Connect(host, 1)|}; await Connection.Opened;")]
    public Task WSK003_a_worker_field_written_through_base_this_or_bare_escapes(string body) => Escapes.VerifyAsync(Worker(body));

    [Fact]
    public Task WSK003_a_local_in_a_worker_method_is_quiet()
        => Escapes.VerifyAsync(Worker("await using var s = Sockets.Connect(host, 1); await s.Opened;"));

    [Fact]
    public Task WSK006_in_a_loop_the_earlier_use_is_reported_and_the_guarded_upgrade_itself_is_not()
        => AfterTls.VerifyBodyAsync("""
            var s = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
            for (var i = 0; i < 3; i++)
            {
                await {|WSK006:s.Writable|}.FlushAsync();
                if (i == 1)
                {
                    await using var tls = s.StartTls();
                    await tls.Opened;
                }
            }
            """);

    [Fact]
    public Task WSK007_a_deconstruction_that_replaces_open_sockets_leaks_them()
        => LeftOpen.VerifyBodyAsync("""
            var a = {|WSK007:Sockets.Connect(host, 1)|};
            var b = {|WSK007:Sockets.Connect(host, 2)|};
            (a, b) = (Sockets.Connect(host, 3), Sockets.Connect(host, 4));
            await a.CloseAsync();
            await b.CloseAsync();
            """);

    [Fact]
    public Task WSK007_a_deconstruction_that_swaps_two_sockets_replaces_nothing()
        => LeftOpen.VerifyBodyAsync("var x = Sockets.Connect(host, 1); var y = Sockets.Connect(host, 2); (x, y) = (y, x); await x.CloseAsync(); await y.CloseAsync();");

    [Fact]
    public Task WSK007_a_deconstruction_after_the_close_replaces_nothing_open()
        => LeftOpen.VerifyBodyAsync("""
            var a = Sockets.Connect(host, 1);
            var b = Sockets.Connect(host, 2);
            await Task.WhenAll(a.CloseAsync(), b.CloseAsync());
            (a, b) = (Sockets.Connect(host, 3), Sockets.Connect(host, 4));
            await a.CloseAsync();
            await b.CloseAsync();
            """);

    [Theory]
    [InlineData("static readonly ConcurrentDictionary<string, Lazy<WorkerSocket>> Map = new();", "_ = Map.GetOrAdd(host, h => new Lazy<WorkerSocket>(() => {|WSK003:Sockets.Connect(h, 1)|}));")]
    [InlineData("static Lazy<Lazy<WorkerSocket>>? Twice;", "Twice = new Lazy<Lazy<WorkerSocket>>(() => new Lazy<WorkerSocket>(() => {|WSK003:Sockets.Connect(host, 1)|}));")]
    public Task WSK003_a_factory_lambda_wrapped_in_an_object_that_an_outer_shared_factory_hands_back_escapes(string member, string body)
        => Escapes.VerifyAsync(TestReferences.Usings + $$"""
            class Handler
            {
                {{member}}
                void Handle(string host) { {{body}} }
            }
            """);

    [Fact]
    public Task WSK003_a_nested_factory_kept_in_a_local_is_quiet()
        => Escapes.VerifyBodyAsync("var map = new ConcurrentDictionary<string, Lazy<WorkerSocket>>(); var lazy = map.GetOrAdd(host, h => new Lazy<WorkerSocket>(() => Sockets.Connect(h, 1))); await lazy.Value.CloseAsync();");

    [Theory]
    [InlineData("await Task.WhenAll(new[] { host }.Select(h => Task.Run(() => s.Upgraded)));")]
    [InlineData("var work = new[] { host }.Select(h => Task.Run(() => s.Upgraded)).ToList(); await Task.WhenAll(work);")]
    [InlineData("await Task.WhenAll(new[] { host }.Select(async h => await Task.Run(() => s.Upgraded)));")]
    public Task WSK003_a_task_a_lambda_returns_into_an_awaited_combination_ends_in_the_request(string body)
        => Escapes.VerifyAsync("using System.Linq;\n" + TestReferences.InMethod("await using var s = Sockets.Connect(host, 1); " + body.Replace("new[]", "new string[]")));

    [Theory]
    [InlineData("_ = Task.WhenAll(new string[] { host }.Select(h => Task.Run({|WSK003:() => s.Upgraded|})));")]
    [InlineData("new List<string> { host }.ForEach(h => Task.Run({|WSK003:() => s.Upgraded|}));")]
    [InlineData("var work = new string[] { host }.Select(h => Task.Run({|WSK003:() => s.Upgraded|})).ToList();")]
    public Task WSK003_a_task_a_lambda_returns_that_nothing_awaits_still_escapes(string body)
        => Escapes.VerifyAsync("using System.Linq;\n" + TestReferences.InMethod("await using var s = Sockets.Connect(host, 1); " + body));

    private static string WithGenerics(string body) => TestReferences.Usings + $$"""
        static class Generic
        {
            public static Task Trace<T>(T value) { Console.WriteLine(value); return Task.CompletedTask; }
            public static async Task Dispose<T>(T value) where T : IAsyncDisposable => await value.DisposeAsync();
            public static void Keep<T>(List<T> into, T value) => into.Add(value);
        }

        class Handler
        {
            async Task Handle(string host, List<WorkerSocket> kept)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task WSK007_a_generic_helper_in_source_that_only_reads_its_argument_borrows()
        => LeftOpen.VerifyAsync(WithGenerics("var s = {|WSK007:Sockets.Connect(host, 1)|}; await Generic.Trace(s);"));

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 1); await Generic.Dispose(s);")]
    [InlineData("var s = Sockets.Connect(host, 1); Generic.Keep(kept, s);")]
    [InlineData("var s = Sockets.Connect(host, 1); kept.Add(s);")]
    public Task WSK007_a_generic_helper_in_source_that_disposes_or_stores_its_argument_takes_it(string body) => LeftOpen.VerifyAsync(WithGenerics(body));
}
