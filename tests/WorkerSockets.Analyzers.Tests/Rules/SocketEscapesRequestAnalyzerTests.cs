using WorkerSockets.Analyzers.Tests.Verifiers;
using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.SocketEscapesRequestAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

public class SocketEscapesRequestAnalyzerTests
{
    private static string WithMembers(string members, string body) => TestReferences.Usings + $$"""
        static class Shared
        {
            public static WorkerSocket? Socket;
            public static WorkerSocket? Property { get; set; }
            public static readonly List<WorkerSocket> List = new();
            public static readonly Queue<WorkerSocket> Queue = new();
            public static readonly ConcurrentDictionary<string, WorkerSocket> Map = new();
            public static readonly Dictionary<string, WorkerSocket> Dictionary = new();
        }

        sealed class Connection
        {
            public WorkerSocket? Socket { get; set; }
        }

        [Worker]
        partial class MyWorker
        {
            private WorkerSocket? cached;
            private List<WorkerSocket> all = new();
            {{members}}

            async Task Handle(WorkerContext ctx, string host)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:Shared.Socket = s|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:Shared.Property = s|};""")]
    [InlineData("""{|WSK003:Shared.Socket ??= Sockets.Connect("db:5432")|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:cached = s|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:all.Add(s)|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:Shared.List.Add(s)|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:Shared.Queue.Enqueue(s)|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:Shared.Map.TryAdd(host, s)|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); {|WSK003:Shared.Dictionary[host] = s|};""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); _ = Task.Run({|WSK003:async () => await s.CloseAsync()|});""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); _ = Task.Factory.StartNew({|WSK003:() => s.Writable.Complete()|});""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); ThreadPool.QueueUserWorkItem({|WSK003:_ => s.Writable.Complete()|});""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); new Thread({|WSK003:() => s.Writable.Complete()|}).Start();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); using var timer = new Timer({|WSK003:_ => s.Writable.Complete()|}, null, 1000, Timeout.Infinite);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); async Task Later() => await s.CloseAsync(); _ = Task.Run({|WSK003:Later|});""")]
    public Task Socket_escaping_the_request_is_reported(string body) => Verify.VerifyAsync(WithMembers(string.Empty, body));

    [Theory]
    [InlineData("""await using var s = Sockets.Connect("db:5432");""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); var connection = new Connection { Socket = s }; await connection.Socket.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); var local = new List<WorkerSocket> { s }; local.Add(s); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); ctx.WaitUntil(Task.Run(async () => await s.CloseAsync()));""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); var work = Task.Run(async () => await s.CloseAsync()); ctx.WaitUntil(work);""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); await Task.Run(() => 42); await s.CloseAsync();""")]
    [InlineData("""var s = Sockets.Connect("db:5432"); var copy = s; await copy.CloseAsync();""")]
    [InlineData("""_ = Task.Run(async () => { await using var inner = Sockets.Connect("db:5432"); });""")]
    public Task Request_scoped_sockets_are_fine(string body) => Verify.VerifyAsync(WithMembers(string.Empty, body));

    [Fact]
    public Task Socket_returned_to_the_caller_or_kept_by_a_request_object_is_fine()
        => Verify.VerifyAsync(WithMembers(
            """
            WorkerSocket Open(string address) => Sockets.Connect(address);

            sealed class PerRequest
            {
                private WorkerSocket? socket;
                public void Attach(WorkerSocket s) => socket = s;
                public static WorkerSocket Open() { var s = Sockets.Connect("db:5432"); return s; }
            }
            """,
            """await using var s = Open("db:5432");"""));
}
