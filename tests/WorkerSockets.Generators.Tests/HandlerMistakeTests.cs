using Microsoft.CodeAnalysis;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>
/// The handler mistakes a newcomer makes (order, a missing or extra parameter, ASP.NET Core's types, the wrong return,
/// the JavaScript name): WSK101 says which and the signature to write; and a class that does not fit still gets the
/// <c>Env</c> it names, because the compiler's CS0246 (a declaration error) would stop the build before any analyzer runs.
/// </summary>
public sealed class HandlerMistakeTests
{
    private const string Usings = """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using WorkerSockets;

        """;

    private const string DeclaredEnv = """

        [WorkerEnv]
        public partial class Env
        {
        }

        """;

    // A stand-in for ASP.NET Core's types: only the namespace matters to the message.
    private const string AspNetCore = """

        namespace Microsoft.AspNetCore.Http
        {
            public abstract class HttpRequest { }
            public interface IResult { }
        }

        """;

    private static string Worker(string method) => $$"""

        [Worker]
        public partial class Hello
        {
            {{method}}
        }

        """;

    [Theory]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage request, WorkerContext ctx, Env env) => new();",
        "Fetch's parameters (HttpRequestMessage request, WorkerContext ctx, Env env) are in the wrong order: write Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)")]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage request, Env env) => new();",
        "it has no 'WorkerContext ctx' parameter: add it third")]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage request, WorkerContext ctx) => new();",
        "it has no environment parameter: add 'Env env' second")]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx, CancellationToken ct) => new();",
        "remove 'CancellationToken ct': a handler takes exactly three parameters")]
    [InlineData("public HttpResponseMessage Fetch(Microsoft.AspNetCore.Http.HttpRequest request, Env env, WorkerContext ctx) => new();",
        "it takes ASP.NET Core's 'Microsoft.AspNetCore.Http.HttpRequest'; a worker's request is System.Net.Http.HttpRequestMessage")]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage request, ref Env env, WorkerContext ctx) => new();",
        "Fetch's parameter 'env' is passed by reference (ref)")]
    [InlineData("public Task<string> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => null!;",
        "Fetch returns 'System.Threading.Tasks.Task<string>'; it must return Task<HttpResponseMessage>, ValueTask<HttpResponseMessage> or HttpResponseMessage: wrap the text, new HttpResponseMessage { Content = new StringContent(text) }")]
    [InlineData("public async Task Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) { await Task.Yield(); }",
        "a Fetch answers every request with a response")]
    [InlineData("public Microsoft.AspNetCore.Http.IResult Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => null!;",
        "ASP.NET Core's 'IResult' is not a worker's response; return System.Net.Http.HttpResponseMessage")]
    [InlineData("public static HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();",
        "Fetch is static: remove 'static'")]
    [InlineData("public Task<HttpResponseMessage> fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => null!;",
        "rename 'fetch' to Fetch (the handler names are exact and case-sensitive)")]
    [InlineData("public Task<HttpResponseMessage> FetchAsync(HttpRequestMessage request, Env env, WorkerContext ctx) => null!;",
        "rename 'FetchAsync' to Fetch")]
    [InlineData("public Task<HttpResponseMessage> Handle(HttpRequestMessage request, Env env, WorkerContext ctx) => null!;",
        "add 'public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)'")]
    [InlineData("public Task Connect(WorkerContext ctx, WorkerSocket socket, Env env) => null!;",
        "Connect's parameters (WorkerContext ctx, WorkerSocket socket, Env env) are in the wrong order: write Connect(WorkerSocket socket, Env env, WorkerContext ctx)")]
    public async Task WSK101_says_what_is_wrong_and_the_signature_to_write(string method, string expected)
    {
        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(Usings + DeclaredEnv + AspNetCore + Worker(method)));

        Assert.Equal("WSK101", diagnostic.Id);
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage request, WorkerContext ctx, Env env) => new();")]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage request, Env env) => new();")]
    [InlineData("public Task<string> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => null!;")]
    [InlineData("public static HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();")]
    [InlineData("public Task<int> Connect(WorkerSocket socket, Env env, WorkerContext ctx) => null!;")]
    [InlineData("public Task<HttpResponseMessage> fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => null!;")]
    public async Task A_handler_that_does_not_fit_still_gets_its_undeclared_Env_so_WSK101_is_not_hidden_by_CS0246(string method)
    {
        var source = Usings + "namespace App;\n" + Worker(method);

        var (_, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", "[vars]\nGREETING = \"hi\"\n"));
        var diagnostics = await GeneratorHarness.AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nGREETING = \"hi\"\n"));

        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.NotNull(output.GetTypeByMetadataName("App.Env")?.GetMembers("Greeting").SingleOrDefault());
        Assert.Equal(["WSK101"], diagnostics.Select(d => d.Id));
    }

    [Theory]
    [InlineData("[Worker] public class Hello", "partial")]
    [InlineData("[Worker] public static partial class Hello", "non-static: the generated code creates an instance of it; remove 'static'")]
    [InlineData("[Worker] public abstract partial class Hello", "non-abstract")]
    public async Task A_class_WSK100_rejects_still_gets_its_undeclared_Env(string declaration, string expected)
    {
        var method = declaration.Contains("static", StringComparison.Ordinal)
            ? "public static HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();"
            : "public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();";
        var source = Usings + "namespace App;\n" + declaration + "\n{\n    " + method + "\n}\n";

        var (result, output) = GeneratorHarness.Run(source);
        var diagnostics = await GeneratorHarness.AnalyzeAsync(source);

        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.NotNull(output.GetTypeByMetadataName("App.Env"));
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith("App.Hello.Worker.g.cs", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "WSK100" && d.GetMessage().Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(diagnostics, d => d.Id == "WSK108");
    }

    [Fact]
    public void A_request_type_missing_its_using_is_not_declared_as_an_environment()
    {
        var source = "using WorkerSockets;\nnamespace App;\n" + Worker("public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();");

        var (result, output) = GeneratorHarness.Run(source);

        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("App.Env.ImplicitWorkerEnv.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.Contains("HttpRequestMessage", StringComparison.Ordinal));
        Assert.Contains(GeneratorHarness.Errors(output), d => d.Id == "CS0246" && d.GetMessage().Contains("HttpRequestMessage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_handler_without_Worker_in_a_project_without_one_is_WSK114_and_its_Env_is_still_declared()
    {
        var source = Usings + """
            namespace App;

            public partial class Hello
            {
                public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new() { Content = new StringContent(env.Greeting) };
            }
            """;

        var (_, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", "[vars]\nGREETING = \"hi\"\n"));
        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nGREETING = \"hi\"\n")));

        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Equal(("WSK114", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal("'Hello' has a worker's handler, Fetch(HttpRequestMessage request, Env env, WorkerContext ctx), but no [Worker] attribute, and no class in this project has one: mark it [Worker] and partial, so the generated glue lets WorkerHost.RunAsync<Hello> and MapWorker<Hello> serve it", diagnostic.GetMessage());
        Assert.StartsWith("Hello", diagnostic.Location.SourceTree!.ToString()[diagnostic.Location.SourceSpan.Start..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_router_with_a_handler_shaped_method_beside_a_Worker_is_quiet_and_gets_no_second_Env()
    {
        var source = Usings + DeclaredEnv + """
            [Worker]
            public partial class Hello
            {
                private readonly ApiRouter _api = new();

                public Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => _api.Fetch(request, env, ctx);
            }

            public sealed class ApiRouter
            {
                public Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => Task.FromResult(new HttpResponseMessage());
            }
            """;

        var (result, output) = GeneratorHarness.Run(source);

        Assert.Empty(await GeneratorHarness.AnalyzeAsync(source));
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith("ImplicitWorkerEnv.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ordinary_class_with_a_method_named_Fetch_is_not_a_worker()
    {
        var source = Usings + """
            public sealed class Downloader
            {
                public Task<HttpResponseMessage> Fetch(HttpRequestMessage request, CancellationToken token) => Task.FromResult(new HttpResponseMessage());
            }
            """;

        Assert.Empty(await GeneratorHarness.AnalyzeAsync(source));
    }
}
