using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>Starts the real dev server for <see cref="TestWorker"/> on a free loopback port, with logs captured instead of printed.</summary>
public static class DevServer
{
    /// <summary>Binding values every test may rely on; lowest precedence, so <c>.dev.vars</c> and the command line override them.</summary>
    private static readonly Dictionary<string, string?> DefaultBindings = new()
    {
        ["ECHO_ADDRESS"] = "127.0.0.1:9",
        ["GREETING"] = "hello from the defaults",
        ["DB_PASSWORD"] = "default-secret",
    };

    public static Task<RunningWorkerHost> StartAsync(CapturingLoggerProvider? logs = null, string? echoAddress = null, params string[] args)
        => WorkerHost.StartAsync<TestWorker>(
            ["--port", "0", .. echoAddress is null ? Array.Empty<string>() : ["--ECHO_ADDRESS", echoAddress], .. args],
            builder =>
            {
                builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DefaultBindings });
                builder.Logging.ClearProviders();
                if (logs is not null)
                    builder.Logging.AddProvider(logs);
            });

    /// <summary>Starts the dev server with exactly <paramref name="args"/> (no <c>--port 0</c> added), with the default bindings.</summary>
    public static Task<RunningWorkerHost> StartExactlyAsync(params string[] args)
        => WorkerHost.StartAsync<TestWorker>(args, UseDefaults);

    /// <summary>Runs the dev server as <c>RunAsync</c> does, printing to <paramref name="output"/> and <paramref name="errors"/>.</summary>
    public static Task RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken stop)
        => WorkerHost.RunAsync<TestWorker>(args, output, UseDefaults, stop, errors);

    private static void UseDefaults(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DefaultBindings });
        builder.Logging.ClearProviders();
    }

    public static HttpClient ClientFor(RunningWorkerHost host) => new() { BaseAddress = host.Address, Timeout = TestTimeouts.Default };
}
