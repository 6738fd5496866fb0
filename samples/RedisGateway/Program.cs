using Microsoft.Extensions.Configuration;
using RedisGateway;
using WorkerSockets.Hosting;

// With REDIS_BACKEND configured (environment, .dev.vars, --REDIS_BACKEND host:port), the gateway forwards there and starts
// nothing else. Without it, an embedded Garnet on a free loopback port stands in for Redis.
EmbeddedGarnet? garnet = null;
try
{
    await using RunningWorkerHost host = await WorkerHost.StartConnectionsAsync<RedisGatewayWorker>(args, builder =>
    {
        if (!string.IsNullOrEmpty(builder.Configuration["REDIS_BACKEND"]))
            return;

        Console.WriteLine("No REDIS_BACKEND configured: starting an embedded Garnet (Redis-compatible, in memory)...");
        garnet = EmbeddedGarnet.Start();
        builder.Configuration.AddInMemoryCollection([new("REDIS_BACKEND", garnet.Address)]);
    });

    if (garnet is not null)
        Console.WriteLine($"Backend: embedded Garnet on {garnet.Address}");
    Console.WriteLine($"Ready on {host.Address.GetLeftPart(UriPartial.Authority)}");
    Console.WriteLine($"Try:  redis-cli -p {host.Address.Port} PING");
    Console.WriteLine("Ctrl+C stops the gateway and the embedded backend.");
    await host.WaitForShutdownAsync();
}
finally
{
    garnet?.Dispose();
}
