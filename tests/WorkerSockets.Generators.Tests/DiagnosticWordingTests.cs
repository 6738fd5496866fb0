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
        Assert.Contains("declares it as an integer var: ", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Var(\"PORT\")] public partial int Port { get; }", "PORT = \"8080\"",
        "Property 'Port' binds 'PORT' as an int var, but wrangler.toml declares it as a string var: write it without quotes in wrangler.toml (PORT = 8080), or declare the property as string")]
    [InlineData("[Var(\"PORT\")] public partial bool Port { get; }", "PORT = 8080",
        "Property 'Port' binds 'PORT' as a bool var, but wrangler.toml declares it as an integer var: declare the property as long (or int, double, decimal), or quote the value in wrangler.toml to keep it text")]
    [InlineData("[Var(\"PORT\")] public partial int Port { get; }", "PORT = 1.5",
        "declares it as a floating-point var: declare the property as double or decimal, or write a whole number in wrangler.toml")]
    [InlineData("[Secret(\"PORT\")] public partial string Port { get; }", "PORT = \"x\"",
        "binds 'PORT' as a secret, but wrangler.toml declares it as a var: bind it with [Var], as the file declares it, or give one of them another name")]
    [InlineData("[Var(\"PORT\")] public partial string Port { get; }", "PORT = { a = 1 }",
        "declares it as a JSON object var: the file's value gets a generated property of its own: remove the attribute and use that")]
    public async Task WSK107_says_what_to_change_in_the_file_or_the_property(string property, string var, string expected)
    {
        var source = "using WorkerSockets;\n[WorkerEnv] public partial class Env { " + property + " }";

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\n" + var + "\n")));

        Assert.Equal("WSK107", diagnostic.Id);
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
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
