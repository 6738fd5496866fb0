using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Usage: P7ProfileAlloc <trace.nettrace> <requests served while tracing>
// GCAllocationTick events sample about one allocation per 100 KB; summed and divided by the requests served, they
// estimate the bytes each request allocates, by type and by the innermost frame of our code (sample, runtime, host).
if (args.Length != 2 || !long.TryParse(args[1], out long requests) || requests <= 0)
{
    Console.Error.WriteLine("usage: P7ProfileAlloc <trace.nettrace> <requests>");
    return 2;
}

var byType = new Dictionary<string, long>();
var bySite = new Dictionary<string, long>();
long total = 0;
using (var log = TraceLog.OpenOrConvert(TraceLog.CreateFromEventPipeDataFile(args[0])))
{
    foreach (var traceEvent in log.Events)
    {
        if (traceEvent is not GCAllocationTickTraceData tick)
        {
            continue;
        }

        long bytes = tick.AllocationAmount64;
        total += bytes;
        byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + bytes;
        string site = "(no project frame)";
        int depth = 0;
        for (var frame = tick.CallStack(); frame is not null && depth < 40; frame = frame.Caller, depth++)
        {
            string method = frame.CodeAddress.FullMethodName ?? "";
            if (method.Contains("Customers.", StringComparison.Ordinal) || method.Contains("WorkerSockets", StringComparison.Ordinal) || method.Contains("AspNetCore", StringComparison.Ordinal))
            {
                site = method.Length > 150 ? method[..150] : method;
                break;
            }
        }

        bySite[site] = bySite.GetValueOrDefault(site) + bytes;
    }
}

Console.WriteLine($"sampled total {total / (double)requests:F0} B/request over {requests} requests");
foreach (var (type, bytes) in byType.OrderByDescending(pair => pair.Value).Take(40))
{
    Console.WriteLine($"{bytes / (double)requests,8:F0} B  {type}");
}

Console.WriteLine("--- by first project frame");
foreach (var (site, bytes) in bySite.OrderByDescending(pair => pair.Value).Take(50))
{
    Console.WriteLine($"{bytes / (double)requests,8:F0} B  {site}");
}

return 0;
