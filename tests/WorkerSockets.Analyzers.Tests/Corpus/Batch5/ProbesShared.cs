// Batch 5: probes written after the analyzers were read: inherited [Worker] fields, events, static getters and constructors.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.ProbesShared;

public abstract class WorkerBase
{
    protected WorkerSocket? Last;
    protected static WorkerSocket? Global;
}

[Worker]
public sealed partial class Derived : WorkerBase
{
    private readonly Hyperdrive db = new("postgres://u:p@db:5432/app");
    private WorkerSocket? mine;
    private readonly Dictionary<string, WorkerSocket> byKey = new();
    private static readonly Lazy<WorkerSocket> LazyOne = new(() => Sockets.Connect("x", 1)); // expect: WSK003
    private readonly Func<WorkerSocket> factory = () => Sockets.Connect("x", 2);
    private event Action<WorkerSocket>? Changed;

    public async Task Fetch(WorkerContext ctx)
    {
        var s = db.Connect();
        Last = s; // expect: WSK003
        var t = factory();
        mine = t; // expect: WSK003
        var u = Sockets.Connect("y", 1);
        byKey["u"] = u; // expect: WSK003
        var v = Sockets.Connect("z", 1);
        Changed += other => Console.WriteLine(v.Upgraded); // expect: WSK003
        await using var w = Sockets.Connect("w", 1);
        Global = Sockets.Connect("g", 1); // expect: WSK003
        Changed?.Invoke(w);
    }

    public WorkerSocket Open() => Sockets.Connect("o", 1);

    public async Task Local()
    {
        var helper = new Helper();
        helper.Socket = Sockets.Connect("h", 1);
        await helper.Socket.CloseAsync();
    }

    private sealed class Helper
    {
        public WorkerSocket? Socket { get; set; }
    }
}

public static class Statics
{
    public static WorkerSocket? Current { get; private set; }

    public static readonly WorkerSocket? Maybe = Environment.GetEnvironmentVariable("X") is null ? null : Sockets.Connect("m", 1); // expect: WSK004

    private static WorkerSocket? lazy;

    public static WorkerSocket Lazy => lazy ??= Sockets.Connect("l", 1); // expect: WSK003

    static Statics()
    {
        Current = new Hyperdrive("postgres://u:p@db:5432/app").Connect(); // expect: WSK004, WSK003
    }

    public static void Set(WorkerSocket s) => Current = s; // expect: WSK003
}

public record class Config(string Host)
{
    public static readonly Config Default = new("db");
    public WorkerSocket Open() => Sockets.Connect(Host, 5432);
}
