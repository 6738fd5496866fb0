using System.Reflection;
using Microsoft.CodeAnalysis;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>
/// A worker whose handler names an environment type nobody declared (<c>Env env</c>, as a newcomer from
/// <c>wrangler types</c> writes it) gets that class generated, with the config file's bindings.
/// </summary>
public sealed class ImplicitEnvTests
{
    private const string Usings = """
        using System.Net.Http;
        using System.Threading.Tasks;
        using WorkerSockets;

        """;

    private const string Toml = """
        name = "hello"
        compatibility_date = "2025-11-01"

        [vars]
        GREETING = "hi from the file"
        MAX_ITEMS = 3

        [[hyperdrive]]
        binding = "HYPERDRIVE"
        id = "8f2c"
        """;

    private static string Worker(string envType = "Env", string @namespace = "namespace App;") => Usings + @namespace + $$"""

        [Worker]
        public partial class HelloWorker
        {
            public Task<HttpResponseMessage> Fetch(HttpRequestMessage request, {{envType}} env, WorkerContext ctx) =>
                Task.FromResult(new HttpResponseMessage { Content = new StringContent(nameof(env)) });
        }

        """;

    [Theory]
    [InlineData("Env", "namespace App;", "App.Env")]
    [InlineData("Env?", "namespace App;", "App.Env")]
    [InlineData("Bindings", "", "Bindings")]
    public void An_undeclared_environment_is_generated_with_the_config_files_bindings(string envType, string @namespace, string expectedType)
    {
        var (_, output) = GeneratorHarness.Run(Worker(envType, @namespace), ("/p/wrangler.toml", Toml));

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var assembly = UnboundPropertyTests.Load(output);
        var env = assembly.GetType(expectedType)!;
        Assert.True(env.IsPublic);
        Assert.NotNull(env.GetCustomAttribute<WorkerEnvAttribute>());
        var bind = env.GetMethod("Bind", [typeof(Func<string, string?>)])!;
        var bound = bind.Invoke(null, [(Func<string, string?>)(name => name == "HYPERDRIVE" ? "postgres://app:pw@db.example.com:5432/shop" : null)])!;
        Assert.Equal("hi from the file", env.GetProperty("Greeting")!.GetValue(bound));
        Assert.Equal(3L, env.GetProperty("MaxItems")!.GetValue(bound));
        Assert.Equal("db.example.com", ((Hyperdrive)env.GetProperty("Hyperdrive")!.GetValue(bound)!).Host);
    }

    [Fact]
    public void The_generated_dispatch_binds_the_generated_environment()
    {
        var (_, output) = GeneratorHarness.Run(Worker(), ("/p/wrangler.toml", Toml));
        var worker = UnboundPropertyTests.Load(output).GetType("App.HelloWorker")!;
        var createFetch = worker.GetMethod("CreateFetch", [typeof(Func<string, string?>)])!;

        var error = Assert.IsType<WorkerBindingException>(
            Assert.Throws<TargetInvocationException>(() => createFetch.Invoke(null, [(Func<string, string?>)(_ => null)])).InnerException);

        Assert.Equal(["HYPERDRIVE (hyperdrive): missing"], error.Problems);
        Assert.NotNull(createFetch.Invoke(null, [(Func<string, string?>)(name => name == "HYPERDRIVE" ? "postgres://a:b@h:5432/d" : null)]));
    }

    [Fact]
    public void Without_a_config_file_the_generated_environment_is_empty_and_binds()
    {
        var (_, output) = GeneratorHarness.Run(Worker());

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var env = UnboundPropertyTests.Load(output).GetType("App.Env")!;
        Assert.Empty(env.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));
        Assert.NotNull(env.GetMethod("Bind", [typeof(Func<string, string?>)])!.Invoke(null, [(Func<string, string?>)(_ => null)]));
    }

    [Fact]
    public void A_connection_only_worker_gets_its_environment_too()
    {
        var source = Usings + """
            namespace App;

            [Worker]
            public partial class Gateway
            {
                public Task Connect(WorkerSocket socket, Env env, WorkerContext ctx) => Task.CompletedTask;
            }
            """;

        var (result, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", Toml));

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("App.Env.ImplicitWorkerEnv.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_WorkerEnv_class_of_that_name_in_another_namespace_is_not_hidden_by_a_second_one()
    {
        var source = Usings + """
            namespace App
            {
                [Worker]
                public partial class HelloWorker
                {
                    public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();
                }
            }

            namespace App.Bindings
            {
                [WorkerEnv]
                public partial class Env
                {
                    [Var("GREETING")] public partial string Greeting { get; }
                }
            }
            """;

        var (result, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", Toml));

        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.Contains("ImplicitWorkerEnv", StringComparison.Ordinal));
        // Only the handler's own unresolved name is an error; the generated code adds none.
        var errors = GeneratorHarness.Errors(output);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("CS0246", e.Id));
        Assert.All(errors, e => Assert.DoesNotContain(".g.cs", e.Location.SourceTree?.FilePath ?? "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Other.Env")]
    [InlineData("Env<int>")]
    public void A_qualified_or_generic_name_that_does_not_resolve_is_left_to_the_compiler(string envType)
    {
        var (result, output) = GeneratorHarness.Run(Worker(envType), ("/p/wrangler.toml", Toml));

        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.Contains("ImplicitWorkerEnv", StringComparison.Ordinal));
        Assert.All(GeneratorHarness.Errors(output), e => Assert.DoesNotContain(".g.cs", e.Location.SourceTree?.FilePath ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_analyzer_counts_a_generated_environment_and_reports_nothing()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(Worker(), ("/p/wrangler.toml", Toml));

        Assert.Empty(diagnostics);
    }
}
