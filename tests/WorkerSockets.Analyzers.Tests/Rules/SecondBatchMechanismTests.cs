using WorkerSockets.Analyzers.Tests.Verifiers;
using Escape = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketEscapesRequestAnalyzer>;
using LeftOpen = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;
using Loop = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>;
using AfterTls = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketUsedAfterStartTlsAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// The misses and false positives the second corpus batch (<c>Corpus/Batch2</c>) found, each as a general mechanism with
/// its firing and its quiet side: switch-statement case aliases and failed type tests, copies into an outer local in a
/// loop, source factories that return a new socket, shared state reached through wrapper objects, and the local that
/// records whether an upgrade happened.
/// </summary>
public class SecondBatchMechanismTests
{
    [Theory]
    [InlineData("object r = Sockets.Connect(host, 7001); switch (r) { case WorkerSocket { Upgraded: true } u: await u.CloseAsync(); return; case WorkerSocket s: await s.CloseAsync(); return; default: return; }")]
    [InlineData("object r = Sockets.Connect(host, 7001); switch (r) { case WorkerSocket s: await s.CloseAsync(); break; case null: break; }")]
    [InlineData("WorkerSocket s = Sockets.Connect(host, 7001); switch (s) { case { Upgraded: true } u: await u.CloseAsync(); break; case WorkerSocket other: ctx.WaitUntil(other.CloseAsync()); break; }")]
    public Task WSK007_a_switch_statement_case_that_names_the_socket_releases_it_and_a_failed_type_test_holds_none(string body)
        => LeftOpen.VerifyAsync(TestReferences.InMethod(body));

    [Theory]
    [InlineData("object r = {|WSK007:Sockets.Connect(host, 7001)|}; switch (r) { case WorkerSocket { Upgraded: true } u: await u.CloseAsync(); return; case WorkerSocket s: await s.Opened; return; }")]
    [InlineData("object r = {|WSK007:Sockets.Connect(host, 7001)|}; switch (r) { case WorkerSocket { Upgraded: false } s: await s.CloseAsync(); break; default: break; }")]
    public Task WSK007_reports_a_switch_statement_path_that_keeps_the_socket(string body)
        => LeftOpen.VerifyAsync(TestReferences.InMethod(body));

    private const string HealthyLoop = """
        WorkerSocket? last = null;
        foreach (var node in new[] { "a:1", "b:2" })
        {
            var candidate = MARK;
            if (!candidate.Opened.IsCompletedSuccessfully) { await candidate.CloseAsync(); continue; }
            CLOSE
            last = candidate;
        }

        if (last is not null) await last.CloseAsync();
        """;

    [Fact]
    public Task WSK008_a_copy_into_an_outer_local_is_quiet_when_the_previous_one_is_closed_first()
        => Loop.VerifyAsync(TestReferences.InMethod(HealthyLoop.Replace("MARK", "Sockets.Connect(node)").Replace("CLOSE", "if (last is not null) await last.CloseAsync();")));

    [Fact]
    public Task WSK008_reports_a_copy_into_an_outer_local_that_overwrites_an_open_socket()
        => Loop.VerifyAsync(TestReferences.InMethod(HealthyLoop.Replace("MARK", "{|WSK008:Sockets.Connect(node)|}").Replace("CLOSE", "")));

    [Fact]
    public Task WSK007_a_copy_into_an_outer_local_is_quiet_when_the_previous_one_is_closed_first()
        => LeftOpen.VerifyAsync(TestReferences.InMethod(HealthyLoop.Replace("MARK", "Sockets.Connect(node)").Replace("CLOSE", "if (last is not null) await last.CloseAsync();")));

    [Fact]
    public Task WSK007_reports_a_copy_into_an_outer_local_that_overwrites_an_open_socket()
        => LeftOpen.VerifyAsync(TestReferences.InMethod(HealthyLoop.Replace("MARK", "{|WSK007:Sockets.Connect(node)|}").Replace("CLOSE", "")));

    private static string WithFactories(string body) => TestReferences.Usings + $$"""
        class Handler
        {
            static WorkerSocket Open(string h) => Sockets.Connect(h, 5432);
            static WorkerSocket OpenEither(string h, bool tls) => tls
                ? Sockets.Connect(h, 6380, new SocketOptions { SecureTransport = SecureTransport.On })
                : h.Length > 0 ? Open(h) : throw new ArgumentException("no host");
            static WorkerSocket Secure(WorkerSocket s) => s.StartTls();
            static WorkerSocket Pass(WorkerSocket s) => s;
            static WorkerSocket? cached;
            static WorkerSocket Cached(string h) => cached ?? Sockets.Connect(h, 5432);
            readonly List<WorkerSocket> open = new();
            WorkerSocket Rent(string h) { var s = Sockets.Connect(h, 5432); open.Add(s); return s; }
            static WorkerSocket Logged(string h) { var s = Sockets.Connect(h, 5432); Console.WriteLine(s.SecureTransport); return s; }
            static async Task<WorkerSocket> OpenReadyAsync(string h)
            {
                var s = Sockets.Connect(h, 5432);
                try { await s.Opened; return s; }
                catch { await s.CloseAsync(); throw; }
            }
            async Task<WorkerSocket> RentReadyAsync(string h) { var s = Rent(h); await s.Opened; return s; }

            async Task Handle(WorkerContext ctx, string host, WorkerSocket given)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var s = {|WSK007:Open(host)|}; await s.Opened;")]
    [InlineData("var s = {|WSK007:OpenEither(host, true)|}; await s.Opened;")]
    [InlineData("var s = {|WSK007:Secure(given)|}; await s.Opened;")]
    [InlineData("var s = {|WSK007:Local(host)|}; await s.Opened; static WorkerSocket Local(string h) => Sockets.Connect(h, 1);")]
    [InlineData("var s = {|WSK007:Logged(host)|}; await s.Opened;")]
    [InlineData("var s = await {|WSK007:OpenReadyAsync(host)|}; await s.Writable.FlushAsync();")]
    [InlineData("var s = await {|WSK007:OpenReadyAsync(host)|}.ConfigureAwait(false); await s.Writable.FlushAsync();")]
    public Task WSK007_reports_a_socket_from_a_source_factory_left_open(string body)
        => LeftOpen.VerifyAsync(WithFactories(body));

    [Theory]
    [InlineData("await using var s = Open(host); await s.Opened;")]
    [InlineData("var s = OpenEither(host, false); ctx.WaitUntil(s.CloseAsync());")]
    [InlineData("var s = Pass(given); await s.Opened;")]
    [InlineData("var s = Cached(host); await s.Opened;")]
    [InlineData("var s = Rent(host); await s.Opened;")]
    [InlineData("var s = await RentReadyAsync(host); await s.Opened;")]
    [InlineData("await using var s = await OpenReadyAsync(host); await s.Opened;")]
    [InlineData("var s = await OpenReadyAsync(host); ctx.WaitUntil(s.CloseAsync());")]
    [InlineData("var pending = OpenReadyAsync(host); var s = await pending; await s.Opened;")]
    public Task WSK007_is_quiet_for_factories_that_are_closed_or_methods_that_may_return_a_socket_held_elsewhere(string body)
        => LeftOpen.VerifyAsync(WithFactories(body));

    private static string WithHolders(string body) => TestReferences.Usings + $$"""
        class Holder { public WorkerSocket? Socket { get; set; } public List<WorkerSocket> Spares { get; } = new(); public Holder? Next { get; set; } public Lazy<WorkerSocket>? Lazy { get; set; } public event Action? Changed; public void Raise() => Changed?.Invoke(); }
        static class Globals { public static Holder Current { get; } = new(); public static readonly Holder Root = new(); }
        class Handler
        {
            readonly Holder mine = new();
            async Task Handle(WorkerContext ctx, string host, Holder given)
            {
                var s = Sockets.Connect(host, 5432);
                await s.Opened;
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("{|WSK003:Globals.Current.Spares.Add(s)|};")]
    [InlineData("{|WSK003:Globals.Root.Next!.Socket = s|};")]
    [InlineData("{|WSK003:Globals.Current.Next!.Spares.Add(s)|};")]
    [InlineData("Globals.Root.Lazy = new Lazy<WorkerSocket>(() => {|WSK003:Sockets.Connect(host, 1)|}); await s.CloseAsync();")]
    [InlineData("Globals.Root.Changed += {|WSK003:() => s.Writable.Complete()|};")]
    public Task WSK003_reports_a_socket_stored_in_an_object_reached_from_a_static(string body)
        => Escape.VerifyAsync(WithHolders(body));

    [Theory]
    [InlineData("var h = new Holder(); h.Spares.Add(s); h.Next = new Holder { Socket = s };")]
    [InlineData("given.Spares.Add(s); mine.Socket = s;")]
    [InlineData("given.Lazy = new Lazy<WorkerSocket>(() => Sockets.Connect(host, 1)); given.Changed += () => s.Writable.Complete();")]
    public Task WSK003_is_quiet_for_objects_reached_from_locals_parameters_or_instance_fields(string body)
        => Escape.VerifyAsync(WithHolders(body));

    private const string ConditionalUpgrade = """
        var plain = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket? tls = null;
        if (configuredPort > 0) { tls = plain.StartTls(); }
        if (tls is not null) { await tls.CloseAsync(); } ELSE
        """;

    [Fact]
    public Task WSK006_and_WSK007_are_quiet_when_the_old_socket_is_closed_where_the_upgrade_result_is_null()
        => Task.WhenAll(
            AfterTls.VerifyAsync(TestReferences.InMethod(ConditionalUpgrade.Replace("ELSE", "else { await plain.CloseAsync(); }"))),
            LeftOpen.VerifyAsync(TestReferences.InMethod(ConditionalUpgrade.Replace("ELSE", "else { await plain.CloseAsync(); }"))));

    [Fact]
    public Task WSK007_reports_the_old_socket_when_the_branch_without_upgrade_does_not_close_it()
        => LeftOpen.VerifyAsync(TestReferences.InMethod(ConditionalUpgrade.Replace("ELSE", "").Replace("var plain = Sockets", "var plain = {|WSK007:Sockets").Replace("StartTls });", "StartTls })|};")));

    [Fact]
    public Task WSK006_reports_the_old_socket_when_the_result_local_is_written_elsewhere_too()
        => AfterTls.VerifyAsync(TestReferences.InMethod("""
            var plain = Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
            WorkerSocket? tls = null;
            if (configuredPort > 0) { tls = plain.StartTls(); await tls.CloseAsync(); tls = null; }
            if (tls is null) { await {|WSK006:plain.CloseAsync()|}; }
            """));

    [Theory]
    [InlineData("var s = Sockets.Connect(host, 1); await using var stream = s.Stream; await stream.FlushAsync();")]
    [InlineData("var s = Sockets.Connect(host, 1); await using (s.Stream) { await s.Opened; }")]
    public Task WSK007_a_using_of_the_stream_view_closes_the_socket(string body)
        => LeftOpen.VerifyAsync(TestReferences.InMethod(body));

    [Theory]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; var stream = s.Stream; await stream.FlushAsync();")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; await s.Stream.FlushAsync();")]
    public Task WSK007_reports_a_socket_whose_stream_view_is_only_used(string body)
        => LeftOpen.VerifyAsync(TestReferences.InMethod(body));

    [Fact]
    public Task WSK004_a_top_level_program_fires_only_where_it_connects_outside_any_handler()
        => new AnalyzerVerifier<WorkerSockets.Analyzers.Rules.ConnectInGlobalScopeAnalyzer>.Test
        {
            TestState =
            {
                Sources =
                {
                    TestReferences.Usings + """
                        var address = args.Length > 0 ? args[0] : "db.internal:5432";
                        await WorkerContext.RunAsync(async ctx =>
                        {
                            await using var s = Sockets.Connect(address);
                            await s.Opened;
                        });
                        await WorkerContext.RunAsync(ctx => HandleAsync(ctx, address));
                        var probe = {|WSK004:Sockets.Connect(address)|};
                        await probe.CloseAsync();

                        static async Task HandleAsync(WorkerContext ctx, string address)
                        {
                            var s = Sockets.Connect(address);
                            ctx.WaitUntil(s.CloseAsync());
                            await s.Opened;
                        }
                        """,
                },
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            },
        }.RunAsync();
}
