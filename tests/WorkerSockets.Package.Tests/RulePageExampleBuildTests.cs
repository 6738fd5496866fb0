using System.Text.RegularExpressions;
using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>
/// Each WSK1xx page's "Fires" example, built as written in a fresh project that only added the package: the build
/// reports the page's ID, and no CS error (a CS error would stop the analyzers and hide the ID).
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class RulePageExampleBuildTests(PackedFeed feed)
{
    public static TheoryData<string> GeneratorRules => new(
        Directory.GetFiles(Path.Combine(PackedFeed.RepositoryRoot, "docs", "rules"), "WSK1*.md")
            .Select(p => Path.GetFileNameWithoutExtension(p)!)
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(GeneratorRules))]
    public async Task The_fires_example_of_the_page_reports_its_ID_and_no_CS_error(string id)
    {
        var page = File.ReadAllText(Path.Combine(PackedFeed.RepositoryRoot, "docs", "rules", id + ".md"));
        var project = await feed.SharedClassLibraryAsync();
        var blocks = FiresExample(page);
        Assert.NotEmpty(blocks);
        for (var i = 0; i < blocks.Count; i++)
        {
            var (language, code) = blocks[i];
            project.WriteFile(
                language switch
                {
                    "toml" => "wrangler.toml",
                    "jsonc" => "wrangler.jsonc",
                    "json" => "wrangler.json",
                    _ => $"Example{i}.cs",
                },
                code);
        }

        // The SARIF log is the compiler's own record of every diagnostic, info ones too (the console shows those only in an IDE).
        var log = project.PathOf("build.sarif");
        File.Delete(log);
        var build = await project.DotNetAsync("build", "-tl:off", "-nologo", "--no-restore", $"-p:ErrorLog={log}");

        Assert.Matches($"\"ruleId\":\\s*\"{id}\"", File.ReadAllText(log));
        Assert.DoesNotMatch(@": error CS\d{4}:", build.Output);
    }

    [Fact]
    public async Task Every_help_link_the_build_reports_is_the_package_project_url_and_the_rule_page()
    {
        var project = await feed.SharedClassLibraryAsync();
        project.WriteFile("wrangler.toml", "[vars]\nCOUNT = 9223372036854775808\n");
        project.WriteFile("Mailer.cs", """
            using WorkerSockets;

            public static class Mailer
            {
                public static async Task SendAsync()
                {
                    await using var socket = Sockets.Connect("smtp.example.com:25");
                    await socket.Opened;
                }
            }
            """);
        var log = project.PathOf("build.sarif");
        File.Delete(log);

        await project.DotNetAsync("build", "-tl:off", "-nologo", "--no-restore", $"-p:ErrorLog={log}%2Cversion=2.1");

        var projectUrl = PackageProjectUrl().Match(File.ReadAllText(Path.Combine(PackedFeed.RepositoryRoot, "build", "Packaging.props"))).Groups["url"].Value;
        var links = HelpUri().Matches(File.ReadAllText(log)).Select(m => (Id: m.Groups["id"].Value, Uri: m.Groups["uri"].Value)).ToList();
        Assert.Contains(links, l => l.Id == "WSK001");
        Assert.Contains(links, l => l.Id == "WSK105");
        Assert.All(links, l => Assert.Equal($"{projectUrl}/blob/main/docs/rules/{l.Id}.md", l.Uri));
    }

    [Theory]
    [InlineData(".globalconfig", "is_global = true\ndotnet_diagnostic.WSK105.severity = none\n", null)]
    [InlineData(null, null, "<NoWarn>$(NoWarn);WSK105</NoWarn>")]
    public async Task A_config_file_diagnostic_is_suppressed_the_way_its_page_says(string? file, string? text, string? property)
    {
        var project = await feed.SharedClassLibraryAsync();
        project.WriteFile("wrangler.toml", "[vars]\nCOUNT = 9223372036854775808\n");
        project.WriteFile("Env.cs", "using WorkerSockets;\n[WorkerEnv] public partial class Env { }\n");
        var failing = await project.BuildAsync();
        Assert.Contains("error WSK105", failing.Output, StringComparison.Ordinal);
        var csproj = project.ReadFile("Consumer.csproj");
        try
        {
            if (file is not null)
            {
                project.WriteFile(file, text!);
            }

            if (property is not null)
            {
                project.WriteFile("Consumer.csproj", csproj.Replace("</PropertyGroup>", property + "</PropertyGroup>", StringComparison.Ordinal));
            }

            var page = File.ReadAllText(Path.Combine(PackedFeed.RepositoryRoot, "docs", "rules", "WSK105.md"));
            foreach (var line in (text ?? property)!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.Contains(line, page, StringComparison.Ordinal);
            }

            var suppressed = (await project.BuildAsync()).EnsureSuccess();
            Assert.DoesNotContain("WSK105", suppressed.Output, StringComparison.Ordinal);
        }
        finally
        {
            project.WriteFile("Consumer.csproj", csproj);
        }
    }

    /// <summary>The fenced code blocks between "## Fires" and the next heading, with their language.</summary>
    private static List<(string Language, string Code)> FiresExample(string page)
    {
        var start = page.IndexOf("## Fires", StringComparison.Ordinal);
        Assert.True(start >= 0, "The page has no '## Fires' section.");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = page[start..(end < 0 ? page.Length : end)];
        return [.. CodeBlock().Matches(section).Select(m => (m.Groups["lang"].Value, m.Groups["code"].Value))];
    }

    [GeneratedRegex(@"<PackageProjectUrl>(?<url>[^<]+)</PackageProjectUrl>")]
    private static partial Regex PackageProjectUrl();

    [GeneratedRegex(@"""id"":\s*""(?<id>WSK\d{3})"".*?""helpUri"":\s*""(?<uri>[^""]+)""", RegexOptions.Singleline)]
    private static partial Regex HelpUri();

    [GeneratedRegex(@"```(?<lang>\w+)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
