using System.Reflection;
using Microsoft.CodeAnalysis;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>
/// A binding property the generator cannot bind still gets an implementation, so the compiler reports no CS9248
/// (a declaration error that stops every analyzer) and the WSK1xx diagnostic is the build's only error.
/// </summary>
public sealed class UnboundPropertyTests
{
    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using WorkerSockets;

        """;

    [Theory]
    [InlineData("WSK102", """[WorkerEnv] public partial class Env { [Var("1-BAD")] public partial string Bad { get; } }""")]
    [InlineData("WSK103", """[WorkerEnv] public partial class Env { [Var("N")] public partial string A { get; } [Var("N")] public partial string B { get; } }""")]
    [InlineData("WSK104", """[WorkerEnv] public partial class Env { [Var("STARTED")] public partial DateTime Started { get; } }""")]
    [InlineData("WSK109", """[WorkerEnv] public partial class Env { [Var("B")] public partial string B { get; set; } }""")]
    [InlineData("WSK109", """[WorkerEnv] public partial class Env { [Var("B")] public partial string B { get; private init; } }""")]
    [InlineData("WSK109", """[WorkerEnv] public partial class Env { [Var("C"), Secret("D")] public partial string C { get; } }""")]
    [InlineData("WSK109", """[WorkerEnv] public partial class Env { [Var("S")] public static partial string S { get; } }""")]
    [InlineData("WSK100", """public partial class Outer { [WorkerEnv] public partial class Env { [Var("A")] public partial string A { get; } } }""")]
    [InlineData("WSK100", """[WorkerEnv] public partial class Env<T> { [Var("A")] public partial string A { get; } }""")]
    [InlineData("WSK108", """[WorkerEnv] public partial class Env(int x) { [Var("A")] public partial string A { get; } public int X => x; }""")]
    [InlineData("WSK101", """[WorkerEnv] public partial class Env { } [Worker] public partial class W { public Task<string> Fetch(HttpRequestMessage r, Env e, WorkerContext c) => Task.FromResult(""); } public static class Use { public static WorkerFetch F() => W.CreateFetch(_ => null); }""")]
    public async Task The_WSK_diagnostic_is_the_only_error(string id, string source)
    {
        var (_, output) = GeneratorHarness.Run(Usings + source);

        Assert.Empty(GeneratorHarness.Errors(output));
        var diagnostics = await GeneratorHarness.AnalyzeAsync(Usings + source);
        Assert.Contains(diagnostics, d => d.Id == id);
    }

    [Fact]
    public async Task A_class_that_cannot_be_bound_reports_only_its_shape_problem_even_with_a_config_file()
    {
        var source = Usings + """[WorkerEnv] public partial class Env(int x) { [Var("API_HOST")] public partial string ApiHost { get; } public int X => x; }""";

        var diagnostics = await GeneratorHarness.AnalyzeAsync(source, ("/p/wrangler.toml", "[vars]\nAPI_HOST = \"a\"\nOTHER = 1\n"));

        Assert.Equal(["WSK108"], diagnostics.Select(d => d.Id));
        Assert.Empty(GeneratorHarness.Errors(GeneratorHarness.Run(source, ("/p/wrangler.toml", "[vars]\nAPI_HOST = \"a\"\n")).Output));
    }

    [Fact]
    public void An_unbound_property_throws_a_WorkerBindingException_naming_it_and_its_cause()
    {
        var source = Usings + """
            [WorkerEnv] public partial class Env { [Var("STARTED")] public partial DateTime Started { get; } }
            public static class Probe { public static object Read() => Env.Bind(_ => null).Started; }
            """;
        var (_, output) = GeneratorHarness.Run(source);
        var assembly = Load(output);

        var read = assembly.GetType("Probe")!.GetMethod("Read")!;
        var error = Assert.IsType<WorkerBindingException>(Assert.Throws<TargetInvocationException>(() => read.Invoke(null, null)).InnerException);

        var problem = Assert.Single(error.Problems);
        Assert.Contains("'Started'", problem, StringComparison.Ordinal);
        Assert.Contains("WSK104", problem, StringComparison.Ordinal);
    }

    internal static Assembly Load(Compilation output)
    {
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, GeneratorHarness.Format(emit.Diagnostics));
        return Assembly.Load(stream.ToArray());
    }
}
