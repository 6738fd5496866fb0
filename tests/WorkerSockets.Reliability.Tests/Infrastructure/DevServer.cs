using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting;
using WorkerSockets.Reliability.Tests.Workers;

namespace WorkerSockets.Reliability.Tests.Infrastructure;

/// <summary>Starts the real dev server for <see cref="ReliabilityWorker"/> on a free loopback port, every log captured at every level.</summary>
public static class DevServer
{
    public const string Secret = "s3cr3t-T0KEN-must-not-leak";

    public static Task<RunningWorkerHost> StartAsync(CapturingLoggerProvider logs, params string[] args) => StartAsync(logs, policy: null, args);

    public static Task<RunningWorkerHost> StartAsync(CapturingLoggerProvider logs, SocketPolicy? policy, params string[] args)
        => WorkerHost.StartAsync<ReliabilityWorker>(
            ["--port", "0", .. args],
            builder =>
            {
                builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { ["GREETING"] = "hello", ["API_TOKEN"] = Secret } });
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
                if (policy is not null)
                    builder.Services.Configure<WorkerHostOptions>(options => options.Policy = policy);
            });

    public static HttpClient ClientFor(RunningWorkerHost host, string peer)
    {
        var client = new HttpClient { BaseAddress = host.Address, Timeout = Timeouts.Default };
        client.DefaultRequestHeaders.Add("X-Peer", peer);
        return client;
    }
}
