using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>Messages read as English: articles agree, a repeated kind is not named twice.</summary>
public sealed class DiagnosticWordingTests
{
    [Fact]
    public async Task WSK107_names_an_integer_var_with_its_article()
    {
        var source = "using WorkerSockets;\n[WorkerEnv] public partial class Env { [Var(\"MAX_RETRIES\")] public partial bool Retries { get; } }";

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nMAX_RETRIES = 3\n")));

        Assert.Equal("WSK107", diagnostic.Id);
        Assert.EndsWith("declares it as an integer var", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WSK103_names_a_kind_declared_twice_once()
    {
        var toml = "[[hyperdrive]]\nbinding = \"DB\"\nid = \"a\"\n[[hyperdrive]]\nbinding = \"DB\"\nid = \"b\"\n";

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync("using WorkerSockets;\n[WorkerEnv] public partial class Env { }", ("/p/wrangler.toml", toml)));

        Assert.Equal("WSK103", diagnostic.Id);
        Assert.Contains("declared twice, both times as hyperdrive", diagnostic.GetMessage(), StringComparison.Ordinal);
    }
}
