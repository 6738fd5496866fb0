using Microsoft.Extensions.Logging;
using RedisGateway;
using WorkerSockets.Hosting;

namespace WorkerSockets.RedisGateway.Tests;

/// <summary>One embedded Garnet, a counting relay in front of it, and the gateway (the sample's worker on the TCP dev host) forwarding there.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public EmbeddedGarnet Garnet { get; private set; } = null!;

    public CountingRelay Relay { get; private set; } = null!;

    public RunningWorkerHost Gateway { get; private set; } = null!;

    /// <summary>The gateway's address for clients, <c>127.0.0.1:port</c>.</summary>
    public string Address => $"127.0.0.1:{Gateway.Address.Port}";

    public async Task InitializeAsync()
    {
        Garnet = EmbeddedGarnet.Start();
        Relay = new CountingRelay(Garnet.Address);
        Gateway = await WorkerHost.StartConnectionsAsync<RedisGatewayWorker>(
            ["--tcp-port", "0", "--REDIS_BACKEND", Relay.Address],
            builder => builder.Logging.ClearProviders());
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Relay.DisposeAsync();
        Garnet.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
