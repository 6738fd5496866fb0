using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>Config values holding characters that end a line or reorder text, raw or escaped, build cleanly.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ConfigTextBuildTests(PackedFeed feed)
{
    [Fact]
    public async Task Vars_with_line_separators_and_bidi_controls_build_without_errors()
    {
        var project = await feed.SharedClassLibraryAsync();
        // Written as is: WriteFile's line-ending normalisation would turn U+2028, U+2029 and U+0085 into newlines.
        File.WriteAllText(project.PathOf("wrangler.toml"), "[vars]\n" +
            "RAW_LS = \"a\u2028b\"\nRAW_PS = \"a\u2029b\"\nRAW_NEL = \"a\u0085b\"\nRAW_RLO = \"a\u202Eb\"\n" +
            "ESC_LS = \"a\\u2028b\"\nESC_RLO = \"a\\u202Eb\"\nOBJ = { \"k\u2028\" = \"v\u2029\" }\n");
        project.WriteFile("Env.cs", """
            using WorkerSockets;

            [WorkerEnv]
            public partial class Env
            {
                public static string All(Env e) => e.RawLs + e.RawPs + e.RawNel + e.RawRlo + e.EscLs + e.EscRlo + e.Obj;
            }
            """);

        var build = await project.BuildAsync();

        build.EnsureSuccess();
        Assert.DoesNotContain(": error ", build.Output, StringComparison.Ordinal);
    }
}
