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

    public static HttpClient ClientFor(RunningWorkerHost host) => new() { BaseAddress = host.Address, Timeout = TestTimeouts.Default };
}
