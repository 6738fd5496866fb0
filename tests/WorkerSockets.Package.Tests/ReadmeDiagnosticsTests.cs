using System.Text.RegularExpressions;
using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>The README that ships in both packages lists every diagnostic with a link to its page.</summary>
public sealed partial class ReadmeDiagnosticsTests
{
    private static readonly string s_readme = File.ReadAllText(Path.Combine(PackedFeed.RepositoryRoot, "README.md"));

    [Fact]
    public void Every_rule_page_is_linked_from_the_readme()
    {
        var pages = Directory.GetFiles(Path.Combine(PackedFeed.RepositoryRoot, "docs", "rules"), "WSK*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(pages);
        Assert.Equal(pages, LinkedRules().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Readme_lists_the_analyzer_rules_WSK001_to_WSK010()
    {
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"WSK{n:000}"), LinkedRules().Where(id => id.StartsWith("WSK0", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Readme_shows_how_to_set_a_rule_severity_in_editorconfig()
    {
        Assert.Matches(@"dotnet_diagnostic\.WSK\d{3}\.severity = (error|warning|suggestion|silent|none)", s_readme);
    }

    private static List<string> LinkedRules() =>
        RuleLink().Matches(s_readme).Select(m => m.Groups["id"].Value).Distinct().ToList();

    [GeneratedRegex(@"\[(?<id>WSK\d{3})\]\(docs/rules/\k<id>\.md\)")]
    private static partial Regex RuleLink();
}
