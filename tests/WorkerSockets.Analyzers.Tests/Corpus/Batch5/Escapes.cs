// Batch 5: where sockets end up: request-scoped holders, process-wide registries, events and caches.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.Escapes;

public sealed class RequestState
{
    public List<WorkerSocket> Open { get; } = new();

    public WorkerSocket? Primary { get; set; }
}

public sealed class Diagnostics
{
    public static Diagnostics Instance { get; } = new();

    public RequestState Last { get; } = new();

    public event Action<WorkerSocket>? Opened;

    public void Raise(WorkerSocket socket) => Opened?.Invoke(socket);
}

public static class Registries
{
    private static readonly ConcurrentBag<WorkerSocket> Idle = new();
    private static readonly ConditionalWeakTableHolder Tags = new();
    private static WorkerSocket? latest;
    private static Func<Task>? onShutdown;

    public static async Task RequestScoped(string host)
    {
        var state = new RequestState();
        state.Primary = Sockets.Connect(host, 5432);
        state.Open.Add(Sockets.Connect(host, 5433));
        await Task.WhenAll(state.Open.ConvertAll(s => s.CloseAsync())).ConfigureAwait(false);
        await state.Primary.CloseAsync().ConfigureAwait(false);
    }

    public static void ParkForReuse(WorkerSocket socket) => Idle.Add(socket); // expect: WSK003

    public static void ThroughSingleton(WorkerSocket socket) => Diagnostics.Instance.Last.Primary = socket; // expect: WSK003

    public static void IntoSingletonList(WorkerSocket socket) => Diagnostics.Instance.Last.Open.Add(socket); // expect: WSK003

    public static void Swap(WorkerSocket socket)
    {
        var previous = Interlocked.CompareExchange(ref latest, socket, null); // expect: WSK003
        _ = previous;
    }

    public static void RegisterShutdown(WorkerSocket socket)
    {
        onShutdown += () => socket.CloseAsync(); // expect: WSK003
    }

    public static void Subscribe(WorkerSocket socket)
    {
        Diagnostics.Instance.Opened += other => Console.WriteLine(other == socket); // expect: WSK003
    }

    public static void Raise(WorkerSocket socket) => Diagnostics.Instance.Raise(socket);

    public static void Tag(WorkerSocket socket, string tag) => Tags.Remember(socket, tag);

    public static async Task LocalDelegate(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        Func<Task> close = () => socket.CloseAsync();
        await close().ConfigureAwait(false);
    }
}

public sealed class ConditionalWeakTableHolder
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<WorkerSocket, string> tags = new();

    public void Remember(WorkerSocket socket, string tag) => tags.AddOrUpdate(socket, tag);
}
