using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>Starts the real dev server on a free loopback port, with logs captured instead of printed.</summary>
public static class DevServer
{
    public static Task<RunningWorkerHost> StartAsync<TWorker>(CapturingLoggerProvider? logs = null, params string[] args)
        where TWorker : IWorker
        => WorkerHost.StartAsync<TWorker>(
            ["--port", "0", .. args],
            builder =>
            {
                builder.Logging.ClearProviders();
                if (logs is not null)
                    builder.Logging.AddProvider(logs);
            });

    public static HttpClient ClientFor(RunningWorkerHost host) => new() { BaseAddress = host.Address, Timeout = TestTimeouts.Default };
}
