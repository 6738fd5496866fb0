using System.Text.RegularExpressions;
using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>Test 1: the packed analyzers run in a real <c>dotnet build</c> of a project that only added the package.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class Port25BuildTests(PackedFeed feed)
{
    private const string Mailer = """
        using WorkerSockets;

        namespace Consumer;

        public static class Mailer
        {
            public static async Task SendAsync()
            {
                await using var socket = Sockets.Connect("smtp.example.com:PORT");
                await socket.Opened;
            }
        }
        """;

    private const int ConnectLine = 9;

    [Fact]
    public async Task Build_fails_with_WSK001_at_the_port_25_connect_and_passes_once_the_port_is_587()
    {
        var project = await feed.SharedClassLibraryAsync();
        project.WriteFile("Mailer.cs", Mailer.Replace("PORT", "25", StringComparison.Ordinal));

        var blocked = await project.BuildAsync();

        Assert.False(blocked.Succeeded, blocked.Describe());
        var match = Wsk001Error().Match(blocked.Output);
        Assert.True(match.Success, "No WSK001 error in the build output. " + blocked.Describe());
        Assert.Equal(project.PathOf("Mailer.cs"), match.Groups["file"].Value);
        Assert.Equal(ConnectLine, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));

        project.WriteFile("Mailer.cs", Mailer.Replace("PORT", "587", StringComparison.Ordinal));

        var submission = (await project.BuildAsync()).EnsureSuccess();

        Assert.DoesNotContain("WSK", submission.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*(?<file>\S+)\((?<line>\d+),\d+\): error WSK001:", RegexOptions.Multiline)]
    private static partial Regex Wsk001Error();
}
