using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>Each WSK1xx diagnostic: its ID and where it is reported (the source text it points at, or a config file's line and column).</summary>
public sealed class DiagnosticTests
{
    private const string Usings = """
        using System.Net.Http;
        using System.Threading.Tasks;
        using WorkerSockets;

        """;

    private const string Env = """

        [WorkerEnv]
        public partial class Env
        {
        }

        """;

    [Theory]
    [InlineData("[WorkerEnv] public class Env { }", "Env", "partial")]
    [InlineData("public partial class Outer { [WorkerEnv] public partial class Env { } }", "Env", "top-level")]
    [InlineData("[WorkerEnv] public partial class Env<T> { }", "Env", "non-generic")]
    public async Task WSK100_reports_a_class_that_is_not_top_level_non_generic_and_partial(string source, string at, string expected)
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(Usings + source), d => d.Id == "WSK100");

        AssertAt(diagnostic, at);
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public Task<string> Fetch(HttpRequestMessage r, Env e, WorkerContext c) => null!;", "Fetch", "returns")]
    [InlineData("public static HttpResponseMessage Fetch(HttpRequestMessage r, Env e, WorkerContext c) => null!;", "Fetch", "static")]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage r, WorkerContext c) => null!;", "Fetch", "no environment parameter")]
    [InlineData("public HttpResponseMessage Fetch(HttpRequestMessage r, string e, WorkerContext c) => null!;", "Fetch", "[WorkerEnv]")]
    [InlineData("public HttpResponseMessage Handle(HttpRequestMessage r, Env e, WorkerContext c) => null!;", "W", "no method named Fetch")]
    public async Task WSK101_reports_a_worker_without_a_valid_Fetch(string method, string at, string expected)
    {
        var source = Usings + Env + $$"""
            [Worker]
            public partial class W
            {
                {{method}}
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source));

        Assert.Equal("WSK101", diagnostic.Id);
        AssertAt(diagnostic, at);
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WSK102_reports_an_invalid_binding_name_in_an_attribute()
    {
        var source = Usings + """
            [WorkerEnv]
            public partial class Env
            {
                [Var("1-BAD")] public partial string Bad { get; }
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source));

        Assert.Equal("WSK102", diagnostic.Id);
        AssertAt(diagnostic, "Var(\"1-BAD\")");
    }

    [Fact]
    public async Task WSK102_reports_an_invalid_binding_name_in_the_config_file()
    {
        var toml = "[vars]\nGOOD = \"x\"\n\"my var\" = \"y\"\n";

        var diagnostic = Assert.Single(await AnalyzeAsync(Usings + Env, ("/p/wrangler.toml", toml)));

        AssertInFile(diagnostic, "WSK102", "/p/wrangler.toml", line: 3, column: 12);
    }

    [Fact]
    public async Task WSK103_reports_a_binding_name_bound_twice()
    {
        var source = Usings + """
            [WorkerEnv]
            public partial class Env
            {
                [Var("NAME")] public partial string First { get; }
                [Var("NAME")] public partial string Second { get; }
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source));

        Assert.Equal("WSK103", diagnostic.Id);
        AssertAt(diagnostic, "Second");
    }

    [Fact]
    public async Task WSK103_reports_a_config_binding_declared_twice_or_mapping_to_a_used_property()
    {
        var toml = "[vars]\nAPI_KEY = \"x\"\napi_key = \"y\"\n\n[secrets]\nrequired = [\"API_KEY\"]\n";

        var diagnostics = await AnalyzeAsync(Usings + Env, ("/p/wrangler.toml", toml));

        Assert.Collection(
            diagnostics,
            d => AssertInFile(d, "WSK103", "/p/wrangler.toml", line: 3, column: 11),
            d => AssertInFile(d, "WSK103", "/p/wrangler.toml", line: 6, column: 13));
    }

    [Fact]
    public async Task WSK103_reports_a_config_binding_whose_property_name_the_class_already_uses()
    {
        var source = Usings + """
            [WorkerEnv]
            public partial class Env
            {
                public string ApiHost => "mine";
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nAPI_HOST = \"x\"\n")));

        Assert.Equal("WSK103", diagnostic.Id);
        AssertAt(diagnostic, "ApiHost");
    }

    [Theory]
    [InlineData("[Secret(\"S\")] public partial int S { get; }", "int")]
    [InlineData("[Hyperdrive(\"H\")] public partial string H { get; }", "string")]
    [InlineData("[Var(\"V\")] public partial System.DateTime V { get; }", "System.DateTime")]
    [InlineData("[Var(\"V\")] public partial Hyperdrive V { get; }", "Hyperdrive")]
    public async Task WSK104_reports_a_property_type_that_does_not_fit_the_binding_kind(string property, string at)
    {
        var source = Usings + $$"""
            [WorkerEnv]
            public partial class Env
            {
                {{property}}
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source), d => d.Id == "WSK104");

        AssertAt(diagnostic, at);
    }

    [Theory]
    [InlineData("wrangler.toml", "[vars]\nA = \"unterminated\n", 2, 18)]
    [InlineData("wrangler.toml", "[vars]\nA = 1\nA = 2\n", 3, 1)]
    [InlineData("wrangler.toml", "[vars]\nWHEN = 1979-02-30\n", 2, 8)]
    [InlineData("wrangler.jsonc", "{\n  \"vars\": { \"A\": 1 \n}", 3, 2)]
    [InlineData("wrangler.json", "{ \"vars\": [1] }", 1, 11)]
    public async Task WSK105_reports_a_config_error_at_its_line_and_column(string file, string text, int line, int column)
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(Usings + Env, ($"/p/{file}", text)));

        AssertInFile(diagnostic, "WSK105", $"/p/{file}", line, column);
    }

    [Fact]
    public async Task WSK106_reports_every_worker_after_the_first()
    {
        var source = Usings + Env + """
            [Worker]
            public partial class First
            {
                public HttpResponseMessage Fetch(HttpRequestMessage r, Env e, WorkerContext c) => new();
            }

            [Worker]
            public partial class Second
            {
                public HttpResponseMessage Fetch(HttpRequestMessage r, Env e, WorkerContext c) => new();
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source));

        Assert.Equal("WSK106", diagnostic.Id);
        AssertAt(diagnostic, "Second");
    }

    [Theory]
    [InlineData("[Var(\"MAX_RETRIES\")] public partial bool Retries { get; }", "MAX_RETRIES = 3")]
    [InlineData("[Secret(\"MAX_RETRIES\")] public partial string Retries { get; }", "MAX_RETRIES = 3")]
    [InlineData("[Var(\"MAX_RETRIES\")] public partial int Retries { get; }", "MAX_RETRIES = 2.5")]
    [InlineData("[Var(\"MAX_RETRIES\")] public partial string Retries { get; }", "MAX_RETRIES = { a = 1 }")]
    public async Task WSK107_reports_a_property_that_disagrees_with_the_config_file(string property, string var)
    {
        var source = Usings + $$"""
            [WorkerEnv]
            public partial class Env
            {
                {{property}}
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\n" + var + "\n")));

        Assert.Equal("WSK107", diagnostic.Id);
        AssertAt(diagnostic, "Retries");
    }

    [Fact]
    public async Task WSK107_does_not_fire_when_an_integer_var_is_bound_to_a_wider_number()
    {
        var source = Usings + """
            [WorkerEnv]
            public partial class Env
            {
                [Var("MAX_RETRIES")] public partial decimal Retries { get; }
            }
            """;

        Assert.Empty(await AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nMAX_RETRIES = 3\n")));
    }

    [Theory]
    [InlineData("Worker", "public W(int size) { }")]
    [InlineData("WorkerEnv", "public W(string name) { }")]
    public async Task WSK108_reports_a_class_without_a_parameterless_constructor(string attribute, string constructor)
    {
        var fetch = attribute == "Worker" ? "public HttpResponseMessage Fetch(HttpRequestMessage r, Env e, WorkerContext c) => new();" : "";
        var source = Usings + (attribute == "Worker" ? Env : "") + $$"""
            [{{attribute}}]
            public partial class W
            {
                {{constructor}}
                {{fetch}}
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source));

        Assert.Equal("WSK108", diagnostic.Id);
        AssertAt(diagnostic, "W");
    }

    [Theory]
    [InlineData("[WorkerEnv]", "[Var(\"A\")] public string A { get; } = \"\";", "not declared 'partial'")]
    [InlineData("[WorkerEnv]", "[Var(\"A\")] public partial string A { get; set; }", "setter")]
    [InlineData("[WorkerEnv]", "[Var(\"A\")] public static partial string A { get; }", "static")]
    [InlineData("[WorkerEnv]", "[Var(\"A\"), Secret(\"B\")] public partial string A { get; }", "more than one")]
    [InlineData("", "[Var(\"A\")] public string A { get; } = \"\";", "not marked [WorkerEnv]")]
    public async Task WSK109_reports_a_binding_property_of_the_wrong_shape(string attribute, string property, string expected)
    {
        var source = Usings + $$"""
            {{attribute}}
            public partial class E
            {
                {{property}}
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source), d => d.Id == "WSK109");

        AssertAt(diagnostic, "A");
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WSK110_notes_a_config_file_when_no_class_is_marked_WorkerEnv()
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(Usings + "class C { }", ("/p/wrangler.toml", "[vars]\nA = \"x\"\n")));

        AssertInFile(diagnostic, "WSK110", "/p/wrangler.toml", line: 1, column: 1);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
    }

    [Fact]
    public async Task A_valid_project_has_no_diagnostics()
    {
        var source = Usings + """
            [WorkerEnv]
            public partial class Env
            {
                [Var("GREETING")] public partial string Greeting { get; }
                [Var("MAX_RETRIES")] public partial int Retries { get; }
            }

            [Worker]
            public partial class W
            {
                public Task<HttpResponseMessage> Fetch(HttpRequestMessage r, Env e, WorkerContext c) => Task.FromResult(new HttpResponseMessage());
            }
            """;

        Assert.Empty(await AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nMAX_RETRIES = 3\nAPI_HOST = \"x\"\n")));
    }

    [Fact]
    public async Task Config_names_that_would_clash_with_generated_members_or_the_class_are_renamed_and_the_output_compiles()
    {
        var toml = "[vars]\nBIND = \"x\"\nENV = \"y\"\n[vars.CFG]\nequals = 1\nread = 2\ncfg_value = 3\nsub = { a = 1 }\nsub_value = 4\n";
        var source = Usings + "namespace App;" + Env;

        var (result, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", toml));
        var diagnostics = await AnalyzeAsync(source, ("/p/wrangler.toml", toml));

        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Empty(diagnostics);
        var generated = result.GeneratedTrees.Single().ToString();
        Assert.Contains("public string BindVar => ", generated, StringComparison.Ordinal);
        Assert.Contains("public string EnvVar => ", generated, StringComparison.Ordinal);
        Assert.Contains("reader.String(\"ENV\"", generated, StringComparison.Ordinal);
        Assert.Contains("public long Equals2 { get; init; }", generated, StringComparison.Ordinal);
        Assert.Contains("public long CfgValue2 { get; init; }", generated, StringComparison.Ordinal);
        Assert.Contains("public SubValue Sub { get; init; }", generated, StringComparison.Ordinal);
        Assert.Contains("public long SubValue2 { get; init; }", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_name_that_clashes_with_a_member_the_user_declared_is_still_WSK103()
    {
        var source = Usings + "namespace App;\n[WorkerEnv]\npublic partial class Env\n{\n    public string Region => \"eu\";\n}\n";

        var (_, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", "[vars]\nREGION = \"us\"\n"));
        var diagnostic = Assert.Single(await AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nREGION = \"us\"\n")));

        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Equal("WSK103", diagnostic.Id);
        Assert.Contains("maps to property 'Region', but 'Env' already has a member of that name", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_analyzer_sees_the_same_user_members_as_the_generator_although_generated_code_is_present()
    {
        var (_, output) = GeneratorHarness.Run(Usings + "namespace App;" + Env, ("/p/wrangler.toml", "[vars]\nAPI_HOST = \"x\"\n"));
        var env = output.GetTypeByMetadataName("App.Env")!;

        Assert.Contains(env.GetMembers(), m => m.Name == "ApiHost");
        Assert.Empty(WorkerSockets.Generators.Parsing.EnvParser.DeclaredMemberNames(env));
    }

    [Fact]
    public async Task Pragma_warning_disable_suppresses_a_diagnostic()
    {
        var source = Usings + """
            [WorkerEnv]
            public partial class Env
            {
            #pragma warning disable WSK104
                [Secret("S")] public partial int S { get; }
            #pragma warning restore WSK104
            }
            """;

        Assert.DoesNotContain(await AnalyzeAsync(source), d => d.Id == "WSK104");
    }

    [Fact]
    public async Task Severity_configuration_turns_a_config_file_diagnostic_off()
    {
        var text = new Infrastructure.InMemoryAdditionalText("/p/wrangler.toml", "[vars\n");
        var compilation = GeneratorHarness.Compile(Usings + Env);
        var options = compilation.Options.WithSpecificDiagnosticOptions([new("WSK105", ReportDiagnostic.Suppress)]);

        var diagnostics = await compilation.WithOptions(options)
            .WithAnalyzers([new WorkerSockets.Generators.Diagnostics.WorkerBindingsAnalyzer()], new AnalyzerOptions([text]))
            .GetAnalyzerDiagnosticsAsync()
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(diagnostics);
        Assert.Single(await AnalyzeAsync(Usings + Env, ("/p/wrangler.toml", "[vars\n")));
    }

    [Fact]
    public async Task WSK100_also_applies_to_worker_classes()
    {
        var source = Usings + Env + """
            [Worker]
            public class W
            {
                public HttpResponseMessage Fetch(HttpRequestMessage r, Env e, WorkerContext c) => new();
            }
            """;

        var diagnostic = Assert.Single(await AnalyzeAsync(source));

        Assert.Equal("WSK100", diagnostic.Id);
        AssertAt(diagnostic, "W");
    }

    private static Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> AnalyzeAsync(string source, params (string Path, string Text)[] files) =>
        GeneratorHarness.AnalyzeAsync(source, files);

    private static void AssertAt(Diagnostic diagnostic, string expectedText)
    {
        Assert.True(diagnostic.Location.IsInSource, $"{diagnostic} is not in source");
        Assert.Equal(expectedText, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    private static void AssertInFile(Diagnostic diagnostic, string id, string path, int line, int column)
    {
        Assert.Equal(id, diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
    }
}
