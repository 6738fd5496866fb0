using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace WorkerSockets.RedisGateway.Tests;

/// <summary>The sample as <c>dotnet run</c> starts it, with no backend configured: an embedded Garnet, the ports printed, Ctrl+C stops both.</summary>
public sealed partial class DotnetRunTests
{
    [Fact]
    public async Task Without_a_backend_the_sample_starts_an_embedded_Garnet_prints_its_ports_and_stops_on_ctrl_c()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "RedisGateway.dll"), "--tcp-port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("redis-gateway-run-").FullName,
        };
        start.Environment.Remove("REDIS_BACKEND");
        using var sample = Process.Start(start)!;
        try
        {
            var (gatewayPort, backendPort) = await ReadPortsAsync(sample.StandardOutput);

            await using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{gatewayPort}"))
                Assert.Equal("PONG", (await redis.GetDatabase().ExecuteAsync("PING")).ToString());
            Assert.NotEqual(gatewayPort, backendPort);

            // Ctrl+C: SIGINT to the process, as the terminal sends it.
            Assert.Equal(0, Kill(sample.Id, SigInt));
            await sample.WaitForExitAsync().WaitAsync(Clients.Timeout);
            Assert.Equal(0, sample.ExitCode);
            Assert.Empty(Directory.GetFileSystemEntries(start.WorkingDirectory)); // Garnet wrote nothing where it was started
        }
        finally
        {
            if (!sample.HasExited)
                sample.Kill(entireProcessTree: true);
            Directory.Delete(start.WorkingDirectory, recursive: true);
        }
    }

    private static async Task<(int Gateway, int Backend)> ReadPortsAsync(StreamReader output)
    {
        int? backend = null;
        while (await output.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            if (BackendLine().Match(line) is { Success: true } b)
                backend = int.Parse(b.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (ReadyLine().Match(line) is { Success: true } ready)
                return (int.Parse(ready.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), backend ?? throw new InvalidOperationException("No backend line before the ready line."));
        }

        throw new InvalidOperationException("The sample ended before it was ready.");
    }

    private const int SigInt = 2;

    // The process API has no way to send SIGINT; libc's kill(2) does (Linux, as the rest of the suite).
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"^Ready on tcp://127\.0\.0\.1:(\d+)$")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^Backend: embedded Garnet on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex BackendLine();
}
