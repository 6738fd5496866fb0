using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using WorkerSockets.Analyzers.Tests.Verifiers;

namespace WorkerSockets.Analyzers.Tests.Integration;

/// <summary>Builds a throwaway project that consumes the analyzers as a project reference, with the real <c>dotnet build</c>.</summary>
[Trait("Category", "Integration")]
public sealed class DotnetBuildTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "wsk-analyzer-build-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Dotnet_build_reports_WSK001_as_an_error_at_the_port_25_line()
    {
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(RepositoryPaths.Root, "nuget.config"), Path.Combine(directory, "nuget.config"));
        File.Copy(Path.Combine(RepositoryPaths.Root, "global.json"), Path.Combine(directory, "global.json"));
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(RepositoryPaths.Root, "analyzers", "WorkerSockets.Analyzers", "WorkerSockets.Analyzers.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="{Path.Combine(RepositoryPaths.Root, "runtime", "WorkerSockets", "WorkerSockets.csproj")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Mailer.cs"), """
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

        var (exitCode, output) = await RunDotnetBuildAsync();

        Assert.True(exitCode != 0, "the build should fail on WSK001:\n" + output);
        var errors = Regex.Matches(output, @"(?<file>[^\s\\/]+\.cs)\((?<line>\d+),(?<column>\d+)\): error (?<id>[A-Z]+\d+)")
            .Select(m => (File: m.Groups["file"].Value, Line: int.Parse(m.Groups["line"].Value), Column: int.Parse(m.Groups["column"].Value), Id: m.Groups["id"].Value))
            .Distinct()
            .ToList();
        Assert.True(errors.Count == 1, "expected exactly one error:\n" + output);
        Assert.Equal(("Mailer.cs", 7, 50, "WSK001"), errors[0]);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output)> RunDotnetBuildAsync()
    {
        // The repository's projects are already built by the test run; do not rebuild them next to a running test host.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", "Consumer.csproj", "-c", configuration, "-p:BuildProjectReferences=false", "-nodeReuse:false", "--disable-build-servers", "-clp:NoSummary" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build did not finish in 5 minutes:\n" + await stdout);
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
