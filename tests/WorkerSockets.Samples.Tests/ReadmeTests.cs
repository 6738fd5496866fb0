namespace WorkerSockets.Samples.Tests;

public sealed class ReadmeTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void Quickstart_shows_the_worker_exactly_as_it_is_in_the_sample()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        string worker = File.ReadAllText(Path.Combine(RepositoryRoot, "samples", "Customers", "CustomersWorker.cs")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + worker.TrimEnd('\n') + "\n```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Quickstart_has_the_test_command_CI_runs_and_the_run_command()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        string ci = File.ReadAllText(Path.Combine(RepositoryRoot, ".ci", "run"));

        // The hang timeout turns a hung test into a failure with a dump instead of a job that runs until CI kills it.
        const string testCommand = "dotnet test Analyzers.sln --blame-hang-timeout 10m";
        Assert.Contains("```sh\n" + testCommand + "\ndotnet run --project samples/Customers\n```", readme, StringComparison.Ordinal);
        Assert.Contains("## Test\n", readme, StringComparison.Ordinal);
        Assert.Contains("```sh\n" + testCommand + "\n```", readme[readme.IndexOf("## Test\n", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(testCommand, ci.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')[^1]);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
