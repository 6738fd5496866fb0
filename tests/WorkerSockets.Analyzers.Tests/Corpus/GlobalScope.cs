// Code that runs outside any request: static state, module initializers, worker construction.
using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.GlobalScope;

static class Defaults
{
    public static readonly string Address = "db.internal:5432";
    public static readonly SocketOptions Options = new() { AllowHalfOpen = true };
    public static WorkerSocket Warm { get; } = Sockets.Connect(Address, Options); // expect: WSK004
    public static readonly Func<WorkerSocket> Open = () => Sockets.Connect(Address);
    public static WorkerSocket Fresh => Sockets.Connect(Address);
}

sealed class Pool<T>
{
    private static readonly WorkerSocket Shared;

    static Pool()
    {
        Shared = Sockets.Connect("pool.internal:5432"); // expect: WSK004, WSK003
    }

    public static WorkerSocket Rent() => Sockets.Connect("pool.internal:5432");
}

static class Boot
{
    [ModuleInitializer]
    internal static void Warmup()
    {
        var probe = Sockets.Connect("db.internal:5432"); // expect: WSK004
        _ = probe.CloseAsync(); // expect: WSK002
    }

    public static async Task NotGlobal()
    {
        await using var s = Defaults.Open();
        await s.Opened;
    }
}

sealed class PlainService
{
    private readonly WorkerSocket socket = Sockets.Connect("svc.internal:7000");

    public Task StopAsync() => socket.CloseAsync();
}

[Worker]
sealed partial class WarmWorker
{
    private static readonly Lazy<WorkerSocket> Later = new(() => Sockets.Connect("db.internal:5432")); // expect: WSK003
    private readonly WorkerSocket eager = Sockets.Connect("db.internal:5432"); // expect: WSK004, WSK003
    private WorkerSocket Property { get; } = Sockets.Connect("db.internal:5433"); // expect: WSK004, WSK003
    private readonly string address = "db.internal:5432";

    public async Task Fetch(WorkerContext ctx)
    {
        await using var s = Sockets.Connect(address);
        await s.Opened;
    }
}
