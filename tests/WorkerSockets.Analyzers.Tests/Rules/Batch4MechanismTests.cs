using WorkerSockets.Analyzers.Tests.Verifiers;
using Escape = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketEscapesRequestAnalyzer>;
using LeftOpen = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;
using Loop = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// The misses the fourth corpus batch (<c>Corpus/Batch4</c>) found, each as a general mechanism with its firing and its
/// quiet side: a swallowing <c>catch</c> reached from a <c>try</c> block that awaits before it releases the socket, a
/// delegate capturing a socket added to a shared collection, and a shared lazy factory that hands its socket back
/// through <c>Task.FromResult</c>, an <c>await</c> or a local.
/// </summary>
public class Batch4MechanismTests
{
    [Theory]
    // The await can throw into the catch before the close runs; the catch carries on (to the next host).
    [InlineData("foreach (var h in new[] { host }) { var s = {|WSK007:Sockets.Connect(h, 1)|}; try { await s.Opened; await s.CloseAsync(); return; } catch (System.IO.IOException) { } }")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; try { await s.Opened; await s.CloseAsync(); } catch (TimeoutException) { }")]
    [InlineData("var s = {|WSK007:Sockets.Connect(host, 1)|}; try { var info = await s.Opened; ctx.WaitUntil(s.CloseAsync()); } catch (Exception ex) when (ex is TimeoutException) { return; }")]
    public Task WSK007_reports_a_catch_that_swallows_a_failure_before_the_release_in_its_try(string body)
        => LeftOpen.VerifyAsync(TestReferences.InMethod(body));

    [Theory]
    // The catch closes it, or rethrows, or the release is the first thing the try block does.
    [InlineData("foreach (var h in new[] { host }) { var s = Sockets.Connect(h, 1); try { await s.Opened; await s.CloseAsync(); return; } catch (System.IO.IOException) { await s.CloseAsync(); } }")]
    [InlineData("var s = Sockets.Connect(host, 1); try { await s.Opened; await s.CloseAsync(); } catch (TimeoutException) { throw; }")]
    [InlineData("var s = Sockets.Connect(host, 1); await s.Opened; try { await s.CloseAsync(); } catch (System.IO.IOException) { }")]
    [InlineData("var s = Sockets.Connect(host, 1); try { await s.Opened; } finally { await s.CloseAsync(); }")]
    public Task WSK007_a_catch_that_closes_rethrows_or_follows_the_release_is_quiet(string body)
        => LeftOpen.VerifyAsync(TestReferences.InMethod(body));

    [Fact]
    public Task WSK008_reports_a_retry_loop_whose_catch_comes_back_round_before_the_close()
        => Loop.VerifyAsync(TestReferences.InMethod("""
            WorkerSocket? s = null;
            while (configuredPort > 0)
            {
                s = {|WSK008:Sockets.Connect(host, 1)|};
                try { await s.Opened; await s.CloseAsync(); return; } catch (TimeoutException) { }
            }
            """));

    [Fact]
    public Task WSK008_a_retry_loop_whose_catch_closes_before_coming_back_is_quiet()
        => Loop.VerifyAsync(TestReferences.InMethod("""
            WorkerSocket? s = null;
            while (configuredPort > 0)
            {
                s = Sockets.Connect(host, 1);
                try { await s.Opened; await s.CloseAsync(); return; } catch (TimeoutException) { await s.CloseAsync(); }
            }
            """));

    private static string WithShared(string body) => TestReferences.Usings + $$"""
        static class Shared
        {
            public static readonly List<Func<Task>> OnShutdown = new();
            public static readonly ConcurrentDictionary<string, string> Names = new();
            public static readonly ConcurrentDictionary<string, Func<Task>> Handlers = new();
            public static Lazy<Task<WorkerSocket>>? Connection;
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
    [InlineData("var s = Sockets.Connect(host, 1); Shared.OnShutdown.Add({|WSK003:() => s.CloseAsync()|}); await Task.CompletedTask;")]
    [InlineData("var s = Sockets.Connect(host, 1); Shared.Handlers.TryAdd(host, {|WSK003:() => s.CloseAsync()|}); await Task.CompletedTask;")]
    public Task WSK003_reports_a_delegate_capturing_a_socket_added_to_a_shared_collection(string body)
        => Escape.VerifyAsync(WithShared(body));

    [Theory]
    // A local list lives with the request; a GetOrAdd value factory runs now and is not the stored element.
    [InlineData("await using var s = Sockets.Connect(host, 1); var cleanup = new List<Func<Task>>(); cleanup.Add(() => s.CloseAsync());")]
    [InlineData("await using var s = Sockets.Connect(host, 1); _ = Shared.Names.GetOrAdd(host, _ => s.SecureTransport.ToString());")]
    public Task WSK003_a_delegate_in_a_request_scoped_list_or_a_value_factory_that_only_reads_is_quiet(string body)
        => Escape.VerifyAsync(WithShared(body));

    [Theory]
    [InlineData("Shared.Connection = new(() => Task.FromResult({|WSK003:Sockets.Connect(host, 1)|})); await Task.CompletedTask;")]
    [InlineData("Shared.Connection = new(async () => { var s = {|WSK003:Sockets.Connect(host, 1)|}; await s.Opened; return s; }); await Task.CompletedTask;")]
    public Task WSK003_reports_a_shared_lazy_factory_that_hands_back_its_socket_through_a_task_or_a_local(string body)
        => Escape.VerifyAsync(WithShared(body));

    [Theory]
    // Built per request, or a factory whose socket is closed inside it and never handed back.
    [InlineData("var lazy = new Lazy<Task<WorkerSocket>>(() => Task.FromResult(Sockets.Connect(host, 1))); await using var s = await lazy.Value;")]
    [InlineData("Shared.Connection = new(async () => { await using var probe = Sockets.Connect(host, 1); await probe.Opened; return await Task.FromException<WorkerSocket>(new TimeoutException()); }); await Task.CompletedTask;")]
    public Task WSK003_a_request_scoped_lazy_or_a_factory_that_closes_its_socket_is_quiet(string body)
        => Escape.VerifyAsync(WithShared(body));

    [Fact]
    public Task WSK003_reports_a_worker_field_initializer_with_a_lazy_task_of_a_socket()
        => Escape.VerifyAsync(TestReferences.Usings + """
            [Worker]
            partial class CatalogWorker
            {
                private readonly Lazy<Task<WorkerSocket>> connection = new(() => Task.FromResult({|WSK003:Sockets.Connect("catalog.internal", 5432)|}));
                public Task Fetch(WorkerContext ctx) => connection.Value;
            }
            """);
}
