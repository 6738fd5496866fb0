// Batch 5: configuration and registration code that runs before any request, next to code that only describes sockets.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Startup;

public static class Registry
{
    private static readonly Dictionary<string, Func<WorkerSocket>> Openers = new()
    {
        ["db"] = () => Sockets.Connect("db.internal", 5432),
        ["cache"] = () => Sockets.Connect("cache.internal", 6379),
    };

    public static readonly string DefaultAddress = Environment.GetEnvironmentVariable("DB_ADDRESS") ?? "db.internal:5432";

    public static readonly WorkerSocket Default = Sockets.Connect(DefaultAddress); // expect: WSK004

    public static WorkerSocket Open(string name) => Openers[name]();

    public static WorkerSocket Primary => Sockets.Connect(DefaultAddress);

    public static WorkerSocket Replica { get; } = Environment.GetEnvironmentVariable("REPLICA") switch
    {
        null => Sockets.Connect("replica.internal", 5432), // expect: WSK004
        var address => Sockets.Connect(address), // expect: WSK004
    };
}

public static class Generic<T>
{
    public static readonly Lazy<WorkerSocket> ForType = new(() => Sockets.Connect(typeof(T).Name.ToLowerInvariant() + ".internal", 7000)); // expect: WSK003

    static Generic()
    {
        var warm = Sockets.Connect(typeof(T).Name, 7000); // expect: WSK004
        warm.DisposeAsync().AsTask().GetAwaiter().GetResult(); // expect: WSK009
    }
}

internal static class ModuleSetup
{
    internal static WorkerSocket? Probe;

    [ModuleInitializer]
    internal static void Init()
    {
        Probe = Sockets.Connect("probe.internal", 7001); // expect: WSK004, WSK003
    }
}

[Worker]
public sealed partial class SearchWorker
{
    private readonly WorkerSocket index = Sockets.Connect("search.internal", 9200); // expect: WSK004, WSK003
    private readonly Func<CancellationToken, Task<WorkerSocket>> openIndex = async ct =>
    {
        var socket = Sockets.Connect("search.internal", 9200);
        await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
        return socket;
    };

    public async Task<int> Fetch(WorkerContext ctx, string query, CancellationToken ct)
    {
        await using var socket = await openIndex(ct).ConfigureAwait(false);
        await socket.Writable.WriteAsync(System.Text.Encoding.UTF8.GetBytes(query), ct).ConfigureAwait(false);
        return index.Upgraded ? 0 : 1;
    }
}

public static class Lookups
{
    private static readonly ConcurrentDictionary<string, string> Addresses = new();

    public static string AddressFor(string tenant) => Addresses.GetOrAdd(tenant, t => $"{t}.db.internal:5432");

    public static async Task<SocketInfo> OpenTenant(string tenant)
    {
        await using var socket = Sockets.Connect(AddressFor(tenant));
        return await socket.Opened.ConfigureAwait(false);
    }
}
