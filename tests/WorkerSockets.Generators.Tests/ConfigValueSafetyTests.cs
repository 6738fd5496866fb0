using System.Reflection;
using WorkerSockets.Generators.Tests.Infrastructure;

namespace WorkerSockets.Generators.Tests;

/// <summary>Config values are arbitrary text: none of them can break the generated file, and none is silently changed.</summary>
public sealed class ConfigValueSafetyTests
{
    private const string Source = """
        using WorkerSockets;

        [WorkerEnv] public partial class Env { }
        public static class Probe { public static string Read(string name) => (string)typeof(Env).GetProperty(name)!.GetValue(Env.Bind(_ => null))!; }
        """;

    public static TheoryData<string, string> UnsafeCharacters => new()
    {
        { "LINE_SEPARATOR", "\u2028" },
        { "PARAGRAPH_SEPARATOR", "\u2029" },
        { "NEXT_LINE", "\u0085" },
        { "RIGHT_TO_LEFT_OVERRIDE", "\u202E" },
        { "ZERO_WIDTH_SPACE", "\u200B" },
        { "LEFT_TO_RIGHT_ISOLATE", "\u2066" },
    };

    [Theory]
    [MemberData(nameof(UnsafeCharacters))]
    public void A_var_holding_an_unsafe_character_raw_or_escaped_compiles_and_keeps_its_value(string name, string character)
    {
        var expected = $"a{character}b </summary> */ \" \\";
        var escaped = $"\\u{(int)character[0]:X4}";
        var toml = $"""
            [vars]
            RAW = "a{character}b </summary> */ \" \\"
            ESCAPED = "a{escaped}b </summary> */ \" \\"
            """;
        var (result, output) = GeneratorHarness.Run(Source, ("/p/wrangler.toml", toml));

        Assert.Empty(GeneratorHarness.Errors(output));
        var generated = Assert.Single(result.GeneratedTrees).GetText().ToString();
        Assert.DoesNotContain(character, generated, StringComparison.Ordinal);
        var probe = UnboundPropertyTests.Load(output).GetType("Probe")!.GetMethod("Read")!;
        Assert.Equal(expected, probe.Invoke(null, ["Raw"]));
        Assert.Equal(expected, probe.Invoke(null, ["Escaped"]));
        Assert.NotEmpty(name);
    }

    [Fact]
    public void A_json_object_member_name_with_a_line_separator_compiles()
    {
        var (_, output) = GeneratorHarness.Run(Source, ("/p/wrangler.toml", "[vars]\nCFG = { \"a\u2028b\" = 1, \"c\u202Ed\" = \"x\u2029\" }\n"));

        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Theory]
    [InlineData("9223372036854775808", 2, 7)]
    [InlineData("-9223372036854775809", 2, 7)]
    [InlineData("0xFFFFFFFFFFFFFFFF", 2, 7)]
    [InlineData("99_999_999_999_999_999_999", 2, 7)]
    public async Task An_integer_beyond_64_bits_is_WSK105_at_the_value_and_the_only_error(string value, int line, int column)
    {
        var toml = $"[vars]\nBIG = {value}\nSMALL = 1\n";
        var source = Source + "\npublic static class Use { public static long Big(Env e) => e.Big + e.Small; }";

        var diagnostic = Assert.Single(await GeneratorHarness.AnalyzeAsync(source, ("/p/wrangler.toml", toml)));

        Assert.Equal("WSK105", diagnostic.Id);
        Assert.Contains("out of range", diagnostic.GetMessage(), StringComparison.Ordinal);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Empty(GeneratorHarness.Errors(GeneratorHarness.Run(source, ("/p/wrangler.toml", toml)).Output));
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void The_64_bit_limits_themselves_are_integers(string value, long expected)
    {
        var (_, output) = GeneratorHarness.Run(Source, ("/p/wrangler.toml", $"[vars]\nBIG = {value}\n"));
        var env = UnboundPropertyTests.Load(output).GetType("Env")!;

        var bound = env.GetMethod("Bind", [typeof(Func<string, string?>)])!.Invoke(null, [(Func<string, string?>)(_ => null)]);

        Assert.Equal(expected, env.GetProperty("Big")!.GetValue(bound));
    }
}
