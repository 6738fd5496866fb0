namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>A real folder for a test's wrangler config and secrets files, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("worker-dev-");

    public string Path => _directory.FullName;

    /// <summary>Writes a file into the folder and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
