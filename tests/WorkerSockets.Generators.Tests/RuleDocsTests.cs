using System.Runtime.CompilerServices;
using WorkerSockets.Generators.Diagnostics;

namespace WorkerSockets.Generators.Tests;

public sealed class RuleDocsTests
{
    [Fact]
    public void Every_diagnostic_links_to_an_existing_rule_page()
    {
        var docs = Path.Combine(RepositoryRoot(), "docs", "rules");
        foreach (var descriptor in new WorkerBindingsAnalyzer().SupportedDiagnostics)
        {
            Assert.Matches("^WSK1[0-9][0-9]$", descriptor.Id);
            Assert.EndsWith($"/docs/rules/{descriptor.Id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(docs, descriptor.Id + ".md")), $"docs/rules/{descriptor.Id}.md is missing");
        }
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
    {
        for (var dir = Path.GetDirectoryName(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Analyzers.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found");
    }
}
