using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

public sealed class IncrementalTests
{
    private const string Source = """
        using System.Net.Http;
        using WorkerSockets;

        namespace App;

        [WorkerEnv]
        public partial class Env
        {
            [Var("GREETING")] public partial string Greeting { get; }
        }

        [Worker]
        public partial class W
        {
            public HttpResponseMessage Fetch(HttpRequestMessage r, Env e, WorkerContext c) => new();
        }
        """;

    private const string Toml = "[vars]\nAPI_HOST = \"x\"\n[vars.CONFIG]\na = 1\n";

    private static readonly string[] TrackedSteps =
    [
        WorkerSocketsGenerator.Steps.EnvModels,
        WorkerSocketsGenerator.Steps.WorkerModels,
        WorkerSocketsGenerator.Steps.ConfigFiles,
        WorkerSocketsGenerator.Steps.Config,
        WorkerSocketsGenerator.Steps.EnvWithConfig,
    ];

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compile(Source);
        var driver = GeneratorHarness.CreateDriver([new InMemoryAdditionalText("/p/wrangler.toml", Toml)], trackSteps: true);
        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.All(TrackedSteps, step => Assert.True(first.TrackedSteps.ContainsKey(step), $"step {step} was not tracked"));

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; internal static class Unrelated { }", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(edited);
        var second = driver.GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            var reasons = second.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} was {reason}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_the_config_file_reruns_only_the_config_steps()
    {
        var compilation = GeneratorHarness.Compile(Source);
        var toml = new InMemoryAdditionalText("/p/wrangler.toml", Toml);
        var driver = GeneratorHarness.CreateDriver([toml], trackSteps: true);
        driver = driver.RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(toml, new InMemoryAdditionalText("/p/wrangler.toml", Toml.Replace("[vars.CONFIG]", "B = true\n[vars.CONFIG]", StringComparison.Ordinal)));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[WorkerSocketsGenerator.Steps.Config].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(result.TrackedSteps[WorkerSocketsGenerator.Steps.EnvModels].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Contains("public bool B =>", result.GeneratedSources.Single(s => s.HintName.Contains("Env", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_compilation_or_location()
    {
        var driver = GeneratorHarness.CreateDriver([new InMemoryAdditionalText("/p/wrangler.toml", Toml)], trackSteps: true)
            .RunGenerators(GeneratorHarness.Compile(Source));
        var result = driver.GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or Compilation or Location or SemanticModel or SyntaxTree,
            $"{path} holds a {value.GetType().Name}");

        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }
}
