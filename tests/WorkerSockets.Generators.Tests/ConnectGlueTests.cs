using System.Net;
using System.Net.Sockets;
using System.Text;
using WorkerSockets.Generators.Tests.Infrastructure;
using WorkerSockets.Generators.Tests.Sample;

namespace WorkerSockets.Generators.Tests;

/// <summary>The <c>Connect</c> handler shape: generated <c>CreateConnect</c> glue, its snapshots, and WSK101 for it.</summary>
public sealed class ConnectGlueTests
{
    private const string Usings = """
        using System.Net.Http;
        using System.Threading.Tasks;
        using WorkerSockets;

        """;

    private const string EmptyEnv = Usings + """
        namespace App;

        [WorkerEnv]
        public partial class Env
        {
        }

        """;

    [Theory]
    [InlineData("Task", "Task.CompletedTask")]
    [InlineData("ValueTask", "ValueTask.CompletedTask")]
    public void A_connection_only_worker_gets_CreateConnect_and_no_CreateFetch(string returnType, string body)
    {
        var source = EmptyEnv + $$"""
            [Worker]
            public partial class MyWorker
            {
                public {{returnType}} Connect(WorkerSocket socket, Env env, WorkerContext ctx) => {{body}};
            }
            """;

        var sources = Generate(source);

        var generated = Assert.Single(sources, s => s.HintName.Contains("MyWorker", StringComparison.Ordinal));
        Assert.Equal("App.MyWorker.WorkerConnections.g.cs", generated.HintName);
        Snapshot.Verify($"{nameof(A_connection_only_worker_gets_CreateConnect_and_no_CreateFetch)}_{returnType}", generated.HintName, generated.SourceText.ToString());
    }

    [Fact]
    public void A_worker_with_Fetch_and_Connect_gets_both_dispatches()
    {
        var source = EmptyEnv + """
            [Worker]
            public partial class MyWorker
            {
                public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();

                public Task Connect(WorkerSocket socket, Env env, WorkerContext ctx) => Task.CompletedTask;
            }
            """;

        var hints = Generate(source).Select(s => s.HintName).Where(h => h.Contains("MyWorker", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        Assert.Equal(["App.MyWorker.Worker.g.cs", "App.MyWorker.WorkerConnections.g.cs"], hints);
    }

    [Theory]
    [InlineData("public Task<int> Connect(WorkerSocket s, Env e, WorkerContext c) => null!;", "Connect", "Connect returns 'System.Threading.Tasks.Task<int>'; it must return Task or ValueTask")]
    [InlineData("public void Connect(WorkerSocket s, Env e, WorkerContext c) { }", "Connect", "Connect returns 'void'")]
    [InlineData("public static Task Connect(WorkerSocket s, Env e, WorkerContext c) => null!;", "Connect", "Connect is static")]
    [InlineData("public Task Connect(System.IO.Stream s, Env e, WorkerContext c) => null!;", "Connect", "its first parameter is 'System.IO.Stream', where 'WorkerSocket socket' belongs; write Connect(WorkerSocket socket, Env env, WorkerContext ctx)")]
    [InlineData("public Task Connect(WorkerSocket s, string e, WorkerContext c) => null!;", "Connect", "'string' is not a [WorkerEnv] class")]
    [InlineData("public Task Handle(WorkerSocket s, Env e, WorkerContext c) => null!;", "W", "it has no method named Fetch or Connect")]
    public async Task WSK101_reports_a_Connect_that_does_not_fit(string method, string at, string expected)
    {
        var source = EmptyEnv + $$"""
            [Worker]
            public partial class W
            {
                {{method}}
            }
            """;

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(source));

        Assert.Equal("WSK101", diagnostic.Id);
        Assert.True(diagnostic.Location.IsInSource);
        Assert.StartsWith(at, diagnostic.Location.SourceTree!.ToString()[diagnostic.Location.SourceSpan.Start..], StringComparison.Ordinal);
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WSK101_reports_a_bad_Connect_beside_a_valid_Fetch_and_the_Fetch_glue_is_still_generated()
    {
        var source = EmptyEnv + """
            [Worker]
            public partial class W
            {
                public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();

                public Task<int> Connect(WorkerSocket s, Env e, WorkerContext c) => null!;
            }
            """;

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(source));
        var hints = Generate(source, allowErrors: true).Select(s => s.HintName);

        Assert.Equal("WSK101", diagnostic.Id);
        Assert.Contains("Connect returns", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("App.W.Worker.g.cs", hints);
        Assert.DoesNotContain("App.W.WorkerConnections.g.cs", hints);
    }

    [Fact]
    public async Task Generated_CreateConnect_binds_once_and_hands_each_connection_to_one_worker_instance()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var values = new Dictionary<string, string> { ["PORT"] = "8080", ["DB_PASSWORD"] = "pw", ["API_TOKEN"] = "token", ["HYPERDRIVE"] = "postgres://app:pw@db.internal:6543/customers" };
        var connect = Create<SampleWorker>(name => values.GetValueOrDefault(name));

        var first = await RunOneAsync(connect, listener, address);
        var second = await RunOneAsync(connect, listener, address);

        Assert.Equal("hello from wrangler.toml #1\n", first);
        Assert.Equal("hello from wrangler.toml #2\n", second);

        static WorkerConnect Create<TWorker>(Func<string, string?> lookup)
            where TWorker : IWorkerConnections => TWorker.CreateConnect(new WorkerBindings(lookup));
    }

    /// <summary>Runs the dispatch in a scope over a socket it opens to <paramref name="listener"/>, and returns what the handler sent.</summary>
    private static async Task<string> RunOneAsync(WorkerConnect connect, TcpListener listener, string address)
    {
        var accepted = listener.AcceptTcpClientAsync();
        await WorkerContext.RunAsync(async ctx => await connect(Sockets.Connect(address), ctx), SocketPolicy.Development);
        using var peer = await accepted;
        using var reader = new StreamReader(peer.GetStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static Microsoft.CodeAnalysis.GeneratedSourceResult[] Generate(string source, bool allowErrors = false)
    {
        var (result, output) = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        if (!allowErrors)
        {
            var errors = GeneratorHarness.Errors(output);
            Assert.True(errors.Count == 0, "The generated code does not compile:" + Environment.NewLine + GeneratorHarness.Format(errors));
        }

        return [.. result.Results.Single().GeneratedSources];
    }
}
