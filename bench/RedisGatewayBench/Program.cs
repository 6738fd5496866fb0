using System.Globalization;
using Microsoft.Extensions.Logging;
using RedisGateway;
using RedisGatewayBench;
using WorkerSockets.Hosting;

// P9: pipelined SET/GET through the Redis gateway sample against the same load straight to its backend, in one process
// and one run, alternating rounds; plus managed allocations per proxied command.
// Usage: dotnet run -c Release --project bench/RedisGatewayBench -- [seconds=10] [connections=50] [pipeline=16] [rounds=3] [backend-port]
// With backend-port, the gateway and the direct load go to that server (e.g. a redis-server) instead of an embedded Garnet.
var seconds = Arg(0, 10);
var connections = Arg(1, 50);
var pipeline = Arg(2, 16);
var rounds = Arg(3, 3);
var externalPort = Arg(4, 0);

using var garnet = externalPort == 0 ? EmbeddedGarnet.Start() : null;
var backend = garnet?.Address ?? $"127.0.0.1:{externalPort}";
await using var gateway = await WorkerHost.StartConnectionsAsync<RedisGatewayWorker>(
    ["--tcp-port", "0", "--REDIS_BACKEND", backend],
    builder => builder.Logging.ClearProviders());
var backendPort = int.Parse(backend.Split(':')[1], CultureInfo.InvariantCulture);
var load = new PipelinedLoad(connections, pipeline);
var duration = TimeSpan.FromSeconds(seconds);

Console.WriteLine($"P9 load: {connections} connections x pipeline {pipeline} (SET/GET alternating, 3-byte values), {rounds} rounds of {seconds} s each way");
Console.WriteLine($"backend {backend} ({(garnet is null ? "external" : "embedded Garnet")}), gateway {gateway.Address}; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
await load.RunAsync(backendPort, TimeSpan.FromSeconds(2)); // warm-up: JIT, pools, Garnet's store
await load.RunAsync(gateway.Address.Port, TimeSpan.FromSeconds(2));

double directTotal = 0, gatewayTotal = 0, directBytes = 0, gatewayBytes = 0;
long directCommands = 0, gatewayCommands = 0;
for (var round = 1; round <= rounds; round++)
{
    var (direct, directAllocated) = await MeasureAsync(backendPort);
    var (through, gatewayAllocated) = await MeasureAsync(gateway.Address.Port);
    directTotal += direct / seconds;
    gatewayTotal += through / seconds;
    directCommands += direct;
    gatewayCommands += through;
    directBytes += directAllocated;
    gatewayBytes += gatewayAllocated;
    Console.WriteLine($"round {round}: direct {direct / seconds:N0} cmd/s, gateway {through / seconds:N0} cmd/s, ratio {(double)through / direct:F2}");
}

var directPerCommand = directBytes / directCommands;
var gatewayPerCommand = gatewayBytes / gatewayCommands;
Console.WriteLine($"direct:  {directTotal / rounds:N0} cmd/s (mean of {rounds})");
Console.WriteLine($"gateway: {gatewayTotal / rounds:N0} cmd/s (mean of {rounds})");
Console.WriteLine($"ratio gateway/direct: {gatewayTotal / directTotal:F2} (goal >= 0.70)");
Console.WriteLine($"allocated per command, whole process: direct {directPerCommand:F1} B, gateway {gatewayPerCommand:F1} B");
Console.WriteLine($"allocated per proxied command (gateway minus direct, i.e. the gateway's own): {gatewayPerCommand - directPerCommand:F1} B");

async Task<(long Commands, long Allocated)> MeasureAsync(int port)
{
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var commands = await load.RunAsync(port, duration);
    return (commands, GC.GetTotalAllocatedBytes(precise: true) - before);
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
