using System.Diagnostics;

namespace WorkerSockets.Package.Tests.Infrastructure;

/// <summary>Runs the real <c>dotnet</c> CLI with a timeout; a process that overruns is killed with its children.</summary>
internal static class Cli
{
    /// <summary>The dotnet host that runs these tests (the SDK sets DOTNET_HOST_PATH for its child processes).</summary>
    public static string DotNet { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static async Task<CliResult> RunAsync(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Start(workingDirectory, environment, arguments);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.Process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail($"`{process.CommandLine}` in {workingDirectory} did not finish within {timeout} and was killed. Output so far:{Environment.NewLine}{process.OutputText()}");
        }

        return new CliResult(process.CommandLine, workingDirectory, process.Process.ExitCode, process.OutputText());
    }

    public static Task<CliResult> DotNetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
        => RunAsync(workingDirectory, timeout, environment: null, ["dotnet", .. arguments]);

    /// <summary>Starts a process (e.g. a server) that the caller watches through <see cref="RunningProcess"/> and disposes.</summary>
    public static RunningProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo
        {
            FileName = arguments[0] == "dotnet" ? DotNet : arguments[0],
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        PrepareEnvironment(info.Environment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var running = new RunningProcess(new Process { StartInfo = info, EnableRaisingEvents = true }, string.Join(' ', arguments));
        running.Begin();
        return running;
    }

    /// <summary>A clean CLI environment: no MSBuild state inherited from the test host, no lingering build servers
    /// (they would keep the output pipes open), no telemetry or first-run banners, no vulnerability audit downloads.</summary>
    private static void PrepareEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var key in environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(key);
        }

        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        environment["NuGetAudit"] = "false";
    }
}
