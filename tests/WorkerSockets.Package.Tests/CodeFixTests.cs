using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>Test 3: the packed code-fix assembly works in the real code-fix client, <c>dotnet format</c>.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class CodeFixTests(PackedFeed feed)
{
    private const string Before = """
        using WorkerSockets;

        namespace Consumer;

        public static class Closer
        {
            public static async Task UseAsync(WorkerSocket socket)
            {
                await socket.Opened;
                socket.CloseAsync();
            }
        }
        """;

    private const string After = """
        using WorkerSockets;

        namespace Consumer;

        public static class Closer
        {
            public static async Task UseAsync(WorkerSocket socket)
            {
                await socket.Opened;
                await socket.CloseAsync();
            }
        }
        """;

    [Fact]
    public async Task Dotnet_format_applies_the_WSK002_fix_and_awaits_the_dropped_close()
    {
        var project = await feed.SharedClassLibraryAsync();
        project.WriteFile("Closer.cs", Before);

        var format = (await project.DotNetAsync("format", "analyzers", "--diagnostics", "WSK002", "--severity", "warn", "--verbosity", "detailed")).EnsureSuccess();

        Assert.True(After.ReplaceLineEndings("\n") == project.ReadFile("Closer.cs"), $"Closer.cs after the fix:{Environment.NewLine}{project.ReadFile("Closer.cs")}{Environment.NewLine}{format.Describe()}");
    }
}
