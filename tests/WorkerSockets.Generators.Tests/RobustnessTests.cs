using System.Text;
using WorkerSockets.Generators.Config;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>Malformed config files give diagnostics, never an exception, a stack overflow or a hang.</summary>
public sealed class RobustnessTests
{
    private const string Toml = """
        name = "customers"
        [vars]
        API_HOST = "api.example.com"
        RATE = 0.5
        FLAGS = { beta = true, list = [1, 2, [3]], nested = { deep = "x" } }
        [[hyperdrive]]
        binding = "HYPERDRIVE"
        localConnectionString = 'postgres://a:b@localhost/db'
        [secrets]
        required = ["TOKEN"]
        """;

    private const string Jsonc = """
        {
          // comment
          "vars": { "API_HOST": "api.example.com", "RATE": 0.5, "FLAGS": { "beta": true, "list": [1, 2, [3]] }, },
          "hyperdrive": [{ "binding": "HYPERDRIVE", "localConnectionString": "postgres://a:b@localhost/db" }],
          /* block */ "secrets": { "required": ["TOKEN"] }
        }
        """;

    public static TheoryData<string> Files => new() { "wrangler.toml", "wrangler.jsonc" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Byte_flips_and_truncations_never_throw_and_every_problem_points_into_the_text(string file)
    {
        var original = Encoding.UTF8.GetBytes(file.EndsWith(".toml", StringComparison.Ordinal) ? Toml : Jsonc);
        var random = new Random(20261127);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])original.Clone();
            var length = bytes.Length;
            switch (i % 3)
            {
                case 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    length = random.Next(bytes.Length);
                    break;
                default:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
            }

            var text = Encoding.UTF8.GetString(bytes, 0, length);
            var model = WranglerConfig.Read($"/p/{file}", text);
            // Every problem points into the text it was read from: an existing line, at most one past its last character.
            var lines = text.Split('\n');
            Assert.All(model.Problems, p =>
            {
                Assert.InRange(p.Line, 0, lines.Length - 1);
                Assert.InRange(p.Column, 0, lines[p.Line].Length);
            });
        }
    }

    [Theory]
    [InlineData("wrangler.toml", "[vars]\nA = ", "[", "]")]
    [InlineData("wrangler.toml", "[vars]\nA = ", "{ a = ", "}")]
    [InlineData("wrangler.jsonc", "{ \"vars\": { \"A\": ", "{ \"a\": ", "}")]
    [InlineData("wrangler.jsonc", "{ \"vars\": { \"A\": ", "[", "]")]
    public void Ten_thousand_levels_of_nesting_give_a_diagnostic_not_a_stack_overflow(string file, string prefix, string open, string close)
    {
        var text = prefix + string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000));

        var problem = Assert.Single(WranglerConfig.Read($"/p/{file}", text).Problems);

        Assert.Contains("nested deeper", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_dotted_keys_give_a_diagnostic()
    {
        var text = "[vars]\n" + string.Join(".", Enumerable.Repeat("a", 10_000)) + " = 1\n";

        var problem = Assert.Single(WranglerConfig.Read("/p/wrangler.toml", text).Problems);

        Assert.Contains("nested deeper", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_ten_megabyte_file_is_read_in_bounded_time(string file)
    {
        var builder = new StringBuilder(11_000_000);
        var toml = file.EndsWith(".toml", StringComparison.Ordinal);
        builder.Append(toml ? "[vars]\n" : "{ \"vars\": {\n");
        for (var i = 0; builder.Length < 10_000_000; i++)
        {
            builder.Append(toml ? $"VAR_{i} = \"{new string('x', 80)}\"\n" : $"\"VAR_{i}\": \"{new string('x', 80)}\",\n");
        }

        builder.Append(toml ? "BROKEN = \n" : "} ");
        var text = builder.ToString();

        // A generous bound: it catches a quadratic reader or a hang, not a slow, shared CI machine.
        var model = await Task.Run(() => WranglerConfig.Read($"/p/{file}", text)).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Single(model.Problems);
    }

    [Fact]
    public void The_generator_never_fails_on_a_malformed_config_file()
    {
        const string source = "using WorkerSockets; namespace App; [WorkerEnv] public partial class Env { [Var(\"A\")] public partial string A { get; } }";
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            var text = Toml.Remove(random.Next(Toml.Length), 1).Insert(random.Next(Toml.Length - 1), "\"[{");

            var (result, output) = GeneratorHarness.Run(source, ("/p/wrangler.toml", text));

            Assert.Empty(result.Diagnostics);
            Assert.Null(result.Results.Single().Exception);
            Assert.Empty(GeneratorHarness.Errors(output));
        }
    }
}
