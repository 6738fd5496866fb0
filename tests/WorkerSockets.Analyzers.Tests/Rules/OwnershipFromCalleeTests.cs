using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>WSK007 decides from the callee whether passing a socket hands it over (issue 13, root causes 1–3 and 7).</summary>
public class OwnershipFromCalleeTests
{
    private static string WithHelpers(string body) => TestReferences.Usings + $$"""
        static class Proto
        {
            public static async Task SendAsync(WorkerSocket socket, string text) => await socket.Writable.FlushAsync();
            public static async Task CloseQuietlyAsync(WorkerSocket socket) { try { await socket.CloseAsync(); } catch (Exception) { } }
            public static Task ForwardAsync(WorkerSocket socket) => CloseQuietlyAsync(socket);
            public static WorkerSocket Tag(WorkerSocket socket) => socket;
            public static void Trace(object value) => Console.WriteLine(value);
            public static async Task WriteLineAsync(this WorkerSocket socket, string line) => await socket.Writable.FlushAsync();
            public static async Task OwnAsync([TakesOwnership] WorkerSocket socket) => await Task.Yield();
            public static async Task<bool> HandshakeAsync(WorkerSocket socket) { await socket.Opened; return true; }
        }

        sealed class Session
        {
            private readonly WorkerSocket socket;
            public Session(WorkerSocket socket) { this.socket = socket; }
            public Task EndAsync() => socket.CloseAsync();
        }

        sealed class Probe
        {
            public Probe(WorkerSocket socket) { Console.WriteLine(socket.Closed.IsCompleted); }
        }

        sealed record Lease(WorkerSocket Socket);

        [AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Method)]
        sealed class TakesOwnershipAttribute : Attribute { }

        class Handler
        {
            async Task<object?> Handle(WorkerContext ctx, string host, string kind, bool skip)
            {
                {{body}}
                return null;
            }
        }
        """;

    [Theory]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; await Proto.SendAsync(s, "hi");""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; await s.WriteLineAsync("hi");""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; Proto.Trace(s); ArgumentNullException.ThrowIfNull(s);""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("db:5432")|}; _ = new Probe(s);""")]
    [InlineData("""var other = {|WSK007:Sockets.Connect("db:5432")|}; if (!await Proto.HandshakeAsync(other)) return null; await other.CloseAsync();""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("a:5432")|}; s = Sockets.Connect("b:5432"); await s.CloseAsync();""")]
    [InlineData("""var s = {|WSK007:Sockets.Connect("a:5432")|}; await s.Opened; s = Sockets.Connect("b:5432"); await s.CloseAsync();""")]
    [InlineData("""WorkerSocket? s = skip ? null : {|WSK007:Sockets.Connect("db:5432")|}; if (s is not null) await s.Opened;""")]
    [InlineData("""var h = new Hyperdrive("postgres://u:p@db:5432/app"); var s = {|WSK007:h.Connect()|}; await s.Opened;""")]
    [InlineData("""ctx.WaitUntil(Task.Run(async () => { var s = {|WSK007:Sockets.Connect("db:5432")|}; if (skip) return; await s.CloseAsync(); }));""")]
    [InlineData("""await Local(); async Task Local() { var s = {|WSK007:Sockets.Connect("db:5432")|}; if (skip) return; await s.CloseAsync(); }""")]
    public Task A_socket_lent_to_a_callee_that_does_not_keep_it_is_still_ours(string body) => Verify.VerifyAsync(WithHelpers(body));

    [Theory]
    [InlineData("""var s = Sockets.Connect("db:5432"); await Proto.CloseQuietlyAsync(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await Proto.ForwardAsync(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); return Proto.Tag(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); return new Session(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); return new Lease(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await Proto.OwnAsync(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); return await Task.FromResult(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); return new StreamHolder(s);""")]
    [InlineData("""var s = kind switch { "a" => Sockets.Connect("a:5432"), "b" => Sockets.Connect("b:5432"), _ => Sockets.Connect("c:5432") }; await using (s) { await s.Opened; }""")]
    [InlineData("""WorkerSocket? s = skip ? null : Sockets.Connect("db:5432"); if (s is null) return null; await s.CloseAsync();""")]
    [InlineData("""WorkerSocket? tls = skip ? null : Sockets.Connect("db:5432"); if (tls is not null) await tls.CloseAsync(); else Console.WriteLine("none");""")]
    [InlineData("""WorkerSocket? s = skip ? null : Sockets.Connect("db:5432"); if (s == null) { return null; } await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("a:5432"); await s.CloseAsync(); s = Sockets.Connect("b:5432"); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432", new SocketOptions { SecureTransport = SecureTransport.StartTls }); s = s.StartTls(); await s.CloseAsync();""")]
    [InlineData("""var h = new Hyperdrive("postgres://u:p@db:5432/app"); await using var s = h.Connect(); await s.Opened;""")]
    [InlineData("""ctx.WaitUntil(Task.Run(async () => { var s = Sockets.Connect("db:5432"); try { if (skip) return; await s.Opened; } finally { await s.CloseAsync(); } }));""")]
    [InlineData("""await Local(); async Task Local() { var s = Sockets.Connect("db:5432"); if (skip) { await s.CloseAsync(); return; } await s.DisposeAsync(); }""")]
    public Task A_socket_a_callee_closes_stores_or_returns_is_handed_over(string body)
        => Verify.VerifyAsync(WithHelpers(body) + """

            sealed class StreamHolder(WorkerSocket socket)
            {
                public WorkerSocket Socket => socket;
            }
            """);

    [Fact]
    public Task A_callee_in_a_referenced_project_counts_as_metadata_and_never_crashes()
    {
        var test = new AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketLeftOpenAnalyzer>.Test
        {
            TestCode = TestReferences.Usings + """
                class Handler
                {
                    async Task Handle()
                    {
                        var lent = {|WSK007:Sockets.Connect("db:5432")|};
                        await Library.Helpers.CloseAsync(lent);
                        var kept = Sockets.Connect("db:5432");
                        await using var holder = new Library.Holder(kept);
                    }
                }
                """,
        };
        test.TestState.AdditionalProjectReferences.Add("Library");
        var library = new Microsoft.CodeAnalysis.Testing.ProjectState("Library", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Library/Test", "cs");
        library.Sources.Add(TestReferences.Usings + """
            namespace Library;

            public static class Helpers
            {
                public static Task CloseAsync(WorkerSocket socket) => socket.CloseAsync();
            }

            public sealed class Holder(WorkerSocket socket) : IAsyncDisposable
            {
                public ValueTask DisposeAsync() => socket.DisposeAsync();
            }
            """);
        library.AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.AdditionalProjects.Add("Library", library);
        return test.RunAsync();
    }
}
