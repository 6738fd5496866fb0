// Start-up code in its many forms: which connects run with no request (WSK004).
using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Startup;

static class Cluster<TNode>
{
    public static readonly WorkerSocket Seed = Sockets.Connect("seed.internal", 7000); // expect: WSK004
    public static WorkerSocket? Mutable { get; set; } = Sockets.Connect("seed.internal", 7001); // expect: WSK004
    public static readonly Lazy<WorkerSocket> Deferred = new(() => Sockets.Connect("seed.internal", 7002)); // expect: WSK003
    public static Func<string, WorkerSocket> Dial { get; } = host => Sockets.Connect(host, 7003);

    public static WorkerSocket Open(string host) => Sockets.Connect(host, 7004);
}

static class Warmers
{
    [ModuleInitializer]
    internal static void Ping()
    {
        var pooled = new Hyperdrive("postgres://u:p@db.internal:5432/app").Connect(); // expect: WSK004, WSK007
        _ = pooled.Opened;
        GC.KeepAlive(pooled);
    }

    internal static void NotAnInitializer()
    {
        static WorkerSocket Local() => Sockets.Connect("db.internal", 5432);
        GC.KeepAlive((Func<WorkerSocket>)Local);
    }
}

[Worker]
sealed partial class BootWorker
{
    static BootWorker()
    {
        Sockets.Connect("db.internal", 5432); // expect: WSK004, WSK007
    }

    private readonly Func<WorkerSocket> dial = () => Sockets.Connect("db.internal", 5432);

    public async Task Fetch(WorkerContext ctx)
    {
        await using var s = dial();
        await s.Opened;
    }
}

sealed class NotAWorker
{
    private readonly WorkerSocket socket = Sockets.Connect("db.internal", 5432);
    private WorkerSocket Other { get; } = Sockets.Connect("db.internal", 5433);

    public Task CloseAsync() => Task.WhenAll(socket.CloseAsync(), Other.CloseAsync());
}
