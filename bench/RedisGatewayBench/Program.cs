using System.Globalization;
using Microsoft.AspNetCore.Hosting;
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
// P9_COMPARE_KESTREL_SCHEDULING=1: a second gateway on Kestrel's default scheduling (I/O queues, thread-pool handler
// continuations) joins every round, so the dev host's inline scheduling is measured against it in the same run.
await using var queuedGateway = Environment.GetEnvironmentVariable("P9_COMPARE_KESTREL_SCHEDULING") == "1"
    ? await WorkerHost.StartConnectionsAsync<RedisGatewayWorker>(
        ["--tcp-port", "0", "--REDIS_BACKEND", backend],
        builder =>
        {
            builder.Logging.ClearProviders();
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = false);
        })
    : null;
var backendPort = int.Parse(backend.Split(':')[1], CultureInfo.InvariantCulture);
var load = new PipelinedLoad(connections, pipeline);
var duration = TimeSpan.FromSeconds(seconds);

Console.WriteLine($"P9 load: {connections} connections x pipeline {pipeline} (SET/GET alternating, 3-byte values), {rounds} rounds of {seconds} s each way");
Console.WriteLine($"backend {backend} ({(garnet is null ? "external" : "embedded Garnet")}), gateway {gateway.Address}; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
// Warm-up: JIT (tiered compilation promotes the hot paths only after their calls and a delay), pools, Garnet's store.
// With 2 s the first gateway round was still the slowest in every run on the shared machine.
var warmUp = TimeSpan.FromSeconds(Math.Max(2, seconds / 2.0));
await load.RunAsync(backendPort, warmUp);
await load.RunAsync(gateway.Address.Port, warmUp);
if (queuedGateway is not null)
    await load.RunAsync(queuedGateway.Address.Port, warmUp);

double directTotal = 0, gatewayTotal = 0, directBytes = 0, gatewayBytes = 0, directCpu = 0, gatewayCpu = 0;
long directCommands = 0, gatewayCommands = 0;
for (var round = 1; round <= rounds; round++)
{
    var direct = await MeasureAsync(backendPort);
    var through = await MeasureAsync(gateway.Address.Port);
    directTotal += direct.Commands / seconds;
    gatewayTotal += through.Commands / seconds;
    directCommands += direct.Commands;
    gatewayCommands += through.Commands;
    directBytes += direct.Allocated;
    gatewayBytes += through.Allocated;
    directCpu += direct.Cpu.TotalMicroseconds;
    gatewayCpu += through.Cpu.TotalMicroseconds;
    Console.WriteLine($"round {round}: direct {direct.Commands / seconds:N0} cmd/s, gateway {through.Commands / seconds:N0} cmd/s, ratio {(double)through.Commands / direct.Commands:F2}; " +
        $"process CPU per command: direct {direct.CpuPerCommand:F2} us, gateway {through.CpuPerCommand:F2} us");
    if (queuedGateway is not null)
    {
        var queued = await MeasureAsync(queuedGateway.Address.Port);
        Console.WriteLine($"round {round}: gateway on Kestrel's default scheduling {queued.Commands / seconds:N0} cmd/s, ratio {(double)queued.Commands / direct.Commands:F2}; " +
            $"process CPU per command {queued.CpuPerCommand:F2} us");
    }
}

var directPerCommand = directBytes / directCommands;
var gatewayPerCommand = gatewayBytes / gatewayCommands;
Console.WriteLine($"direct:  {directTotal / rounds:N0} cmd/s (mean of {rounds})");
Console.WriteLine($"gateway: {gatewayTotal / rounds:N0} cmd/s (mean of {rounds})");
Console.WriteLine($"ratio gateway/direct: {gatewayTotal / directTotal:F2} (goal >= 0.70)");
// On a CPU-bound machine throughput follows CPU per command, and CPU per command moves far less with other load than
// throughput does: the gateway's own cost is the difference, and direct/gateway is the ratio a dedicated box would see.
Console.WriteLine($"process CPU per command (load loop + Garnet, + gateway): direct {directCpu / directCommands:F2} us, gateway {gatewayCpu / gatewayCommands:F2} us; " +
    $"the gateway's own {gatewayCpu / gatewayCommands - directCpu / directCommands:F2} us; CPU ratio direct/gateway {directCpu / directCommands / (gatewayCpu / gatewayCommands):F2}");
Console.WriteLine($"allocated per command, whole process: direct {directPerCommand:F1} B, gateway {gatewayPerCommand:F1} B");
Console.WriteLine($"allocated per proxied command (gateway minus direct, i.e. the gateway's own): {gatewayPerCommand - directPerCommand:F1} B");

async Task<Measurement> MeasureAsync(int port)
{
    var process = System.Diagnostics.Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var commands = await load.RunAsync(port, duration);
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
    process.Refresh();
    return new(commands, allocated, process.TotalProcessorTime - cpuBefore);
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

/// <summary>One load run: commands answered, bytes the process allocated, and the CPU time it used meanwhile.</summary>
internal readonly record struct Measurement(long Commands, long Allocated, TimeSpan Cpu)
{
    public double CpuPerCommand => Cpu.TotalMicroseconds / Commands;
}
