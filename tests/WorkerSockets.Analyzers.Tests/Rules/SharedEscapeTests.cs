using WorkerSockets.Analyzers.Rules;
using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketEscapesRequestAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>Issue 13, root cause 8: escapes into shared state through factories, Interlocked, delegates and base classes.</summary>
public class SharedEscapeTests
{
    private static string Source(string body) => TestReferences.Usings + $$"""
        static class Shared
        {
            public static WorkerSocket? Socket;
            public static readonly ConcurrentDictionary<string, WorkerSocket> Map = new();
            public static Lazy<WorkerSocket>? Lazy;
            public static Action? OnTick;
            public static event Action? Changed;
            public static readonly Holder Current = new();
        }

        sealed class Holder
        {
            public WorkerSocket? Socket { get; set; }
        }

        abstract class WorkerBase
        {
            protected WorkerSocket? inherited;
        }

        [Worker]
        partial class MyWorker : WorkerBase
        {
            async Task Handle(WorkerContext ctx, string host)
            {
                {{body}}
            }
        }

        sealed class PerRequest : WorkerBase
        {
            public void Keep(WorkerSocket s) => inherited = s;
        }
        """;

    [Theory]
    [InlineData("""_ = Shared.Map.GetOrAdd(host, _ => {|WSK003:Sockets.Connect("db:5432")|});""")]
    [InlineData("""Shared.Lazy = new Lazy<WorkerSocket>(() => {|WSK003:Sockets.Connect("db:5432")|});""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:Interlocked.Exchange(ref Shared.Socket, s)|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); Shared.OnTick = {|WSK003:() => s.Writable.Complete()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); Shared.Changed += {|WSK003:() => s.Writable.Complete()|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:inherited = s|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:Shared.Current.Socket = s|};""")]
    public Task A_socket_reaching_shared_state_is_reported(string body) => Verify.VerifyAsync(Source(body));

    [Theory]
    [InlineData("""var local = new ConcurrentDictionary<string, WorkerSocket>(); var s = local.GetOrAdd(host, _ => Sockets.Connect("db:5432")); await s.CloseAsync();""")]
    [InlineData("""var lazy = new Lazy<WorkerSocket>(() => Sockets.Connect("db:5432")); await lazy.Value.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); WorkerSocket? slot = null; Interlocked.Exchange(ref slot, s); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); Action local = () => s.Writable.Complete(); local(); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); Shared.OnTick = () => Console.WriteLine(host); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); new PerRequest().Keep(s);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); var holder = new Holder(); holder.Socket = s; await s.CloseAsync();""")]
    public Task Request_local_state_is_fine(string body) => Verify.VerifyAsync(Source(body));

    [Fact]
    public Task WSK004_a_connect_in_top_level_statements_runs_outside_any_request()
        => new AnalyzerVerifier<ConnectInGlobalScopeAnalyzer>.Test
        {
            TestState =
            {
                Sources =
                {
                    TestReferences.Usings + """
                        var s = {|WSK004:Sockets.Connect("db:5432")|};
                        Func<WorkerSocket> later = () => Sockets.Connect("db:5432");
                        await s.CloseAsync();
                        """,
                },
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            },
        }.RunAsync();
}
