using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace WorkerSockets.Package.Tests.Infrastructure;

/// <summary>
/// Packs the repository once per test run: copies the sources (no bin/obj, so nothing stale) to a temp folder, runs
/// <c>dotnet pack</c> at its root with a unique prerelease suffix (the NuGet cache never serves an older build), and
/// offers the resulting artifacts/packages/ folder as a feed.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    private static readonly HashSet<string> s_notCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "artifacts", ".git", ".vs", "TestResults", "BenchmarkDotNet.Artifacts", "node_modules",
    };

    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "wsk-package-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public static string RepositoryRoot { get; } =
        typeof(PackedFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The folder holding the packed .nupkg and .snupkg files.</summary>
    public string FeedDirectory { get; private set; } = "";

    /// <summary>The version both packages were packed with, e.g. <c>0.1.0-test.20260101120000.4242</c>.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The repository's usual package source (from its nuget.config), for everything that is not ours.</summary>
    public string UpstreamSource { get; } = ReadUpstreamSource();

    /// <summary>Where consumer projects are created; removed with the fixture.</summary>
    public string ConsumersDirectory => Path.Combine(_workDirectory, "consumers");

    public string PackOutput { get; private set; } = "";

    private Task<ConsumerProject>? _sharedClassLibrary;

    /// <summary>One restored <c>dotnet new classlib</c> project with WorkerSockets, shared by the tests that only build
    /// or format source files (they run one at a time in this collection); each test resets its sources first.</summary>
    internal async Task<ConsumerProject> SharedClassLibraryAsync()
    {
        var project = await (_sharedClassLibrary ??= ConsumerProject.CreateAsync(this, "classlib", "Consumer", "WorkerSockets"));
        project.RemoveSourceFiles();
        return project;
    }

    public string PackagePath(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    public string SymbolPackagePath(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.snupkg");

    public async Task InitializeAsync()
    {
        var source = Path.Combine(_workDirectory, "repo");
        CopySources(RepositoryRoot, source);
        Directory.CreateDirectory(ConsumersDirectory);

        var suffix = $"test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var pack = await Cli.DotNetAsync(source, PackTimeout, "pack", "-tl:off", "--version-suffix", suffix);
        PackOutput = pack.Output;
        pack.EnsureSuccess();

        FeedDirectory = Path.Combine(source, "artifacts", "packages");
        var runtimePackage = Directory.GetFiles(FeedDirectory, "WorkerSockets.*.nupkg")
            .SingleOrDefault(p => !Path.GetFileName(p).StartsWith("WorkerSockets.Hosting.", StringComparison.Ordinal));
        Assert.True(runtimePackage is not null, $"dotnet pack wrote no WorkerSockets package to {FeedDirectory}. {pack.Describe()}");
        Version = ReadNuspec(runtimePackage).Descendants().Single(e => e.Name.LocalName == "version").Value;
        Assert.EndsWith(suffix, Version);
    }

    public Task DisposeAsync()
    {
        // This run's packages are never restored again: keep the NuGet cache from growing by one copy per run.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Version.Length > 0)
        {
            foreach (var id in new[] { "workersockets", "workersockets.hosting" })
            {
                TryDelete(Path.Combine(cache, id, Version.ToLowerInvariant()));
            }
        }

        TryDelete(_workDirectory);
        return Task.CompletedTask;
    }

    public static XDocument ReadNuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static string ReadUpstreamSource()
    {
        var config = XDocument.Load(Path.Combine(RepositoryRoot, "nuget.config"));
        return config.Descendants("packageSources").Elements("add")
            .Select(e => (string?)e.Attribute("value"))
            .First(v => v is not null && v.StartsWith("http", StringComparison.OrdinalIgnoreCase))!;
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from).Where(f => !s_notCopied.Contains(Path.GetFileName(f))))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            if (!s_notCopied.Contains(Path.GetFileName(directory)))
            {
                CopySources(directory, Path.Combine(to, Path.GetFileName(directory)));
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; a failed cleanup must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
