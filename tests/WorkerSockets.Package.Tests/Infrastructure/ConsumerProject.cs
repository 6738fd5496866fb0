namespace WorkerSockets.Package.Tests.Infrastructure;

/// <summary>
/// A fresh project made by <c>dotnet new</c> in a temp folder, whose nuget.config takes our packages from the packed
/// feed only and everything else from the repository's usual source, with our packages added by <c>dotnet add package</c>.
/// </summary>
internal sealed class ConsumerProject
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private ConsumerProject(string directory, string name)
    {
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    public string Name { get; }

    public static async Task<ConsumerProject> CreateAsync(PackedFeed feed, string template, string name, params string[] packages)
    {
        var root = Path.Combine(feed.ConsumersDirectory, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var directory = Path.Combine(root, name);
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(root, "nuget.config"), NuGetConfig(feed));

        var project = new ConsumerProject(directory, name);
        (await project.DotNetAsync("new", template, "--name", name, "--output", directory, "--no-restore")).EnsureSuccess();
        foreach (var package in packages)
        {
            (await project.DotNetAsync("add", "package", package, "--version", feed.Version)).EnsureSuccess();
        }

        return project;
    }

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    public void WriteFile(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Deletes the project's own C# files and the files a test may add beside them (wrangler config, .globalconfig;
    /// not obj/ or bin/), so a shared project starts from no sources.
    /// </summary>
    public void RemoveSourceFiles()
    {
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.cs"))
        {
            File.Delete(file);
        }

        foreach (var name in new[] { "wrangler.toml", "wrangler.json", "wrangler.jsonc", ".globalconfig" })
        {
            File.Delete(PathOf(name));
        }
    }

    public string ReadFile(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public Task<CliResult> BuildAsync() => DotNetAsync("build", "-tl:off", "-nologo", "--no-restore");

    public Task<CliResult> DotNetAsync(params string[] arguments) =>
        Cli.RunAsync(Directory, CommandTimeout, environment: null, ["dotnet", .. arguments]);

    public Task<CliResult> DotNetAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Cli.RunAsync(Directory, CommandTimeout, environment, ["dotnet", .. arguments]);

    private static string NuGetConfig(PackedFeed feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="workersockets-packed" value="{feed.FeedDirectory}" />
            <add key="upstream" value="{feed.UpstreamSource}" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="workersockets-packed">
              <package pattern="WorkerSockets" />
              <package pattern="WorkerSockets.*" />
            </packageSource>
            <packageSource key="upstream">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;
}
