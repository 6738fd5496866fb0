using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

public sealed class SnapshotTests
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

    private const string Toml = """
        name = "customers"
        main = "src/index.ts"

        [vars]
        API_HOST = "api.example.com"
        MAX_RETRIES = 3
        SAMPLE_RATE = 0.25
        DEBUG = false

        [[hyperdrive]]
        binding = "HYPERDRIVE"
        id = "a76a99bc342644deb02c38d66082262a"
        localConnectionString = "postgres://app:local%40pw@localhost:5432/customers"

        [secrets]
        required = ["DB_PASSWORD", "API_TOKEN"]
        """;

    private const string Jsonc = """
        // wrangler.jsonc: comments and trailing commas are allowed
        {
          "name": "customers",
          "vars": {
            "API_HOST": "api.example.com", // the upstream
            "MAX_RETRIES": 3,
            "SAMPLE_RATE": 0.25,
            "DEBUG": false,
          },
          /* database */
          "hyperdrive": [
            { "binding": "HYPERDRIVE", "id": "a76a99bc", "localConnectionString": "postgres://app:pw@localhost/customers" },
          ],
          "secrets": { "required": ["DB_PASSWORD", "API_TOKEN"] },
        }
        """;

    [Fact]
    public void Attributes_only_implements_every_partial_property_Bind_and_ToString()
    {
        var source = Usings + """
            namespace App;

            [WorkerEnv]
            public partial class Env
            {
                [Var("GREETING")] public partial string Greeting { get; }
                [Var("PORT")] public partial int Port { get; }
                [Var("LIMIT")] public partial long Limit { get; }
                [Var("RATIO")] public partial double Ratio { get; }
                [Var("PRICE")] public partial decimal Price { get; }
                [Var("VERBOSE")] public partial bool? Verbose { get; }
                [Var("REGION")] internal partial string? Region { get; }
                [Secret("DB_PASSWORD")] public partial string DbPassword { get; }
                [Hyperdrive("HYPERDRIVE")] public partial Hyperdrive Database { get; }
            }
            """;
        VerifyGenerated(nameof(Attributes_only_implements_every_partial_property_Bind_and_ToString), source);
    }

    [Fact]
    public void Toml_only_adds_a_property_per_var_hyperdrive_and_required_secret()
    {
        VerifyGenerated(nameof(Toml_only_adds_a_property_per_var_hyperdrive_and_required_secret), EmptyEnv, ("/project/wrangler.toml", Toml));
    }

    [Fact]
    public void Jsonc_only_adds_the_same_members_as_the_equivalent_toml()
    {
        VerifyGenerated(nameof(Jsonc_only_adds_the_same_members_as_the_equivalent_toml), EmptyEnv, ("/project/wrangler.jsonc", Jsonc));
    }

    [Fact]
    public void Attributes_and_config_merge_into_one_member_per_binding_name()
    {
        var source = Usings + """
            namespace App;

            [WorkerEnv]
            public sealed partial class Env
            {
                [Var("MAX_RETRIES")] public partial int Retries { get; }
                [Var("GREETING")] public partial string Greeting { get; }
                [Secret("DB_PASSWORD")] public partial string DbPassword { get; }
                [Hyperdrive("HYPERDRIVE")] public partial Hyperdrive Db { get; }
            }
            """;
        VerifyGenerated(nameof(Attributes_and_config_merge_into_one_member_per_binding_name), source, ("/project/wrangler.toml", Toml));
    }

    [Fact]
    public void Json_object_var_becomes_a_record_with_a_reflection_free_reader()
    {
        var toml = """
            [vars]
            FEATURE_FLAGS = { beta = true, rollout_percent = 12.5, owner = "team-a" }

            [vars.APP_CONFIG]
            name = "customers"
            max_rows = 500
            tags = ["a", "b"]

            [vars.APP_CONFIG.limits]
            burst = 10
            per_second = 2.5
            """;
        VerifyGenerated(nameof(Json_object_var_becomes_a_record_with_a_reflection_free_reader), EmptyEnv, ("/project/wrangler.toml", toml));
    }

    [Theory]
    [InlineData("Task<HttpResponseMessage>", "Task.FromResult(new HttpResponseMessage())")]
    [InlineData("ValueTask<HttpResponseMessage>", "ValueTask.FromResult(new HttpResponseMessage())")]
    [InlineData("HttpResponseMessage", "new HttpResponseMessage()")]
    public void Worker_gets_CreateFetch_for_each_supported_return_type(string returnType, string body)
    {
        var source = EmptyEnv + $$"""

            [Worker]
            public partial class MyWorker
            {
                public {{returnType}} Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => {{body}};
            }
            """;
        var name = returnType.Split('<')[0];
        VerifyGenerated($"{nameof(Worker_gets_CreateFetch_for_each_supported_return_type)}_{name}", source, only: "MyWorker");
    }

    [Fact]
    public void Global_namespace_classes_are_generated_without_a_namespace_block()
    {
        var source = Usings + """
            [WorkerEnv]
            partial class Env
            {
                [Var("GREETING")] public partial string Greeting { get; }
            }

            [Worker]
            partial class MyWorker
            {
                public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();
            }
            """;
        VerifyGenerated(nameof(Global_namespace_classes_are_generated_without_a_namespace_block), source);
    }

    [Fact]
    public void Generated_public_members_carry_XML_docs()
    {
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
        var source = EmptyEnv.Replace("[WorkerEnv]", "/// <summary>Env.</summary>\n[WorkerEnv]", StringComparison.Ordinal) + """

            /// <summary>Worker.</summary>
            [Worker]
            public partial class MyWorker
            {
                /// <summary>Fetch.</summary>
                /// <param name="request">r</param>
                /// <param name="env">e</param>
                /// <param name="ctx">c</param>
                /// <returns>The response.</returns>
                public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) => new();
            }
            """;
        var toml = Toml + "\n[vars.APP_CONFIG]\nname = \"x\"\nlimits = { burst = 1, tags = [1] }\n";
        var driver = GeneratorHarness.CreateDriver([new InMemoryAdditionalText("/p/wrangler.toml", toml)], parseOptions: options);

        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(options, source), out var output, out _);

        var warnings = output.GetDiagnostics().Where(d => d.Id.StartsWith("CS15", StringComparison.Ordinal) || d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Empty(warnings);
    }

    private static void VerifyGenerated(string testName, string source, params (string Path, string Text)[] files) =>
        VerifyGenerated(testName, source, null, files);

    private static void VerifyGenerated(string testName, string source, string? only, params (string Path, string Text)[] files)
    {
        var (result, output) = GeneratorHarness.Run(source, files);
        Assert.Empty(result.Diagnostics);
        var errors = GeneratorHarness.Errors(output);
        Assert.True(errors.Count == 0, "The generated code does not compile:" + Environment.NewLine + GeneratorHarness.Format(errors));
        var sources = result.Results.Single().GeneratedSources.Where(s => only is null || s.HintName.Contains(only, StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(sources);
        foreach (var generated in sources)
        {
            Snapshot.Verify(testName, generated.HintName, generated.SourceText.ToString());
        }
    }
}
