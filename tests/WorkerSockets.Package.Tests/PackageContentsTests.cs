using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>Test 5: the packed files are exactly the intended ones, with the metadata a package page shows.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageContentsTests(PackedFeed feed)
{
    private const string RoslynFolder = "analyzers/dotnet/cs/";

    /// <summary>The compiler of VS 2022 17.14; the analyzers must load in it, so they may not reference a newer Roslyn.</summary>
    private static readonly Version s_oldestSupportedRoslyn = new(4, 14, 0, 0);

    [Fact]
    public void Pack_at_the_repository_root_writes_the_two_packages_and_their_symbols_only()
    {
        Assert.Equal(
            [
                $"WorkerSockets.{feed.Version}.nupkg",
                $"WorkerSockets.{feed.Version}.snupkg",
                $"WorkerSockets.Hosting.{feed.Version}.nupkg",
                $"WorkerSockets.Hosting.{feed.Version}.snupkg",
            ],
            Directory.GetFiles(feed.FeedDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WorkerSockets_package_holds_the_runtime_the_Roslyn_components_and_the_wrangler_props_only()
    {
        Assert.Equal(
            [
                "README.md",
                "WorkerSockets.nuspec",
                RoslynFolder + "WorkerSockets.Analyzers.CodeFixes.dll",
                RoslynFolder + "WorkerSockets.Analyzers.dll",
                RoslynFolder + "WorkerSockets.Generators.dll",
                "buildTransitive/WorkerSockets.targets",
                "lib/net10.0/WorkerSockets.dll",
                "lib/net10.0/WorkerSockets.xml",
            ],
            PackageFiles(feed.PackagePath("WorkerSockets")));
    }

    [Fact]
    public void Hosting_package_holds_the_host_only()
    {
        Assert.Equal(
            [
                "README.md",
                "WorkerSockets.Hosting.nuspec",
                "lib/net10.0/WorkerSockets.Hosting.dll",
                "lib/net10.0/WorkerSockets.Hosting.xml",
            ],
            PackageFiles(feed.PackagePath("WorkerSockets.Hosting")));
    }

    [Theory]
    [InlineData("WorkerSockets")]
    [InlineData("WorkerSockets.Hosting")]
    public void Symbol_package_holds_the_portable_pdb(string id)
    {
        Assert.Equal([$"{id}.nuspec", $"lib/net10.0/{id}.pdb"], PackageFiles(feed.SymbolPackagePath(id)));
    }

    [Theory]
    [InlineData("WorkerSockets")]
    [InlineData("WorkerSockets.Hosting")]
    public void Package_page_metadata_is_complete(string id)
    {
        var metadata = Metadata(feed.PackagePath(id));

        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(feed.Version, Value(metadata, "version"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        Assert.Equal("WorkerSockets contributors", Value(metadata, "authors"));
        var license = Element(metadata, "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Contains("cloudflare", Value(metadata, "tags").Split(' '));
        var repository = Element(metadata, "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.StartsWith("https://github.com/", (string?)repository.Attribute("url"));
        Assert.StartsWith("https://github.com/", Value(metadata, "projectUrl"));
    }

    [Theory]
    [InlineData("WorkerSockets", "runtime/WorkerSockets/README.md")]
    [InlineData("WorkerSockets.Hosting", "runtime/WorkerSockets.Hosting/README.md")]
    public void Packed_readme_is_the_package_readme_and_every_link_in_it_is_absolute(string id, string source)
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath(id));
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();

        Assert.Equal(File.ReadAllText(Path.Combine(PackedFeed.RepositoryRoot, source)), readme);
        var links = System.Text.RegularExpressions.Regex.Matches(readme, @"\]\((?<target>[^)\s]+)\)").Select(m => m.Groups["target"].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith("https://", link, StringComparison.Ordinal));
        Assert.DoesNotContain("dotnet test Analyzers.sln", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerSockets_readme_links_every_rule_page_by_its_absolute_address()
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath("WorkerSockets"));
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();

        foreach (var page in Directory.GetFiles(Path.Combine(PackedFeed.RepositoryRoot, "docs", "rules"), "WSK*.md").Select(Path.GetFileName))
            Assert.Contains($"(https://github.com/WorkerSockets/WorkerSockets/blob/main/docs/rules/{page})", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_at_the_root_warns_about_no_project()
    {
        var warnings = feed.PackOutput.ReplaceLineEndings("\n").Split('\n')
            .Where(l => l.Contains(": warning ", StringComparison.Ordinal) && !l.Contains("NU1603", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.True(warnings.Count == 0, string.Join(Environment.NewLine, warnings));
    }

    [Fact]
    public void WorkerSockets_depends_on_no_Roslyn_or_generator_package()
    {
        var dependencies = Dependencies(feed.PackagePath("WorkerSockets"));

        Assert.Equal(["Microsoft.Extensions.Logging.Abstractions"], dependencies.Select(d => d.Id));
    }

    [Fact]
    public void Hosting_depends_on_the_same_WorkerSockets_with_its_analyzers_and_build_files()
    {
        var dependencies = Dependencies(feed.PackagePath("WorkerSockets.Hosting"));

        // No exclude="Build,Analyzers": a project that adds only the hosting package still gets the generator and analyzers.
        Assert.Contains(("WorkerSockets", feed.Version, null), dependencies);
        // Besides it, only the TOML reader of the dev server's [dev] settings, without its build and analyzer assets.
        var other = Assert.Single(dependencies, d => d.Id != "WorkerSockets");
        Assert.Equal("Tomlyn", other.Id);
        Assert.Contains("Build", other.Exclude ?? "", StringComparison.Ordinal);
        Assert.Contains("Analyzers", other.Exclude ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Roslyn_components_target_netstandard_and_reference_no_newer_Roslyn_than_4_14()
    {
        using var zip = ZipFile.OpenRead(feed.PackagePath("WorkerSockets"));
        var components = zip.Entries.Where(e => e.FullName.StartsWith(RoslynFolder, StringComparison.Ordinal) && e.Name.StartsWith("WorkerSockets.", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, components.Count);

        foreach (var component in components)
        {
            var references = AssemblyReferences(component);
            Assert.Contains(references, r => r.Name == "netstandard" && r.Version == new Version(2, 0, 0, 0));
            Assert.All(
                references.Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)),
                r => Assert.True(r.Version <= s_oldestSupportedRoslyn, $"{component.Name} references {r.Name} {r.Version}, newer than Roslyn {s_oldestSupportedRoslyn}."));
        }
    }

    private static List<string> PackageFiles(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        return zip.Entries
            .Select(e => e.FullName)
            .Where(name => name != "[Content_Types].xml" && !name.StartsWith("_rels/", StringComparison.Ordinal) && !name.StartsWith("package/services/metadata/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static XElement Metadata(string nupkg) =>
        PackedFeed.ReadNuspec(nupkg).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static XElement Element(XElement parent, string name) =>
        parent.Elements().Single(e => e.Name.LocalName == name);

    private static string Value(XElement parent, string name) => Element(parent, name).Value;

    private static List<(string Id, string? Version, string? Exclude)> Dependencies(string nupkg) =>
        Metadata(nupkg).Descendants()
            .Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string?)e.Attribute("version"), (string?)e.Attribute("exclude")))
            .ToList();

    private static List<(string Name, Version Version)> AssemblyReferences(ZipArchiveEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences
            .Select(h => reader.GetAssemblyReference(h))
            .Select(r => (reader.GetString(r.Name), r.Version))
            .ToList();
    }
}
