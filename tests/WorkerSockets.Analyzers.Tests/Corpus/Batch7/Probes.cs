// Batch 7 probes, written after the first score and after reading the analyzers: more forms of the same families,
// annotated by the rule pages (not by what the analyzers do).
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.Probes;

public sealed record Lease(WorkerSocket Socket, DateTime Since);

public static class Helpers
{
    public static async Task UseAndDisposeAsync(WorkerSocket socket)
    {
        await using (socket)
        {
            await socket.Opened;
        }
    }

    public static void CloseLater(WorkerContext ctx, WorkerSocket socket) => ctx.WaitUntil(socket.CloseAsync());

    public static async Task CloseIfAnyAsync(WorkerSocket? socket) => await (socket?.CloseAsync() ?? Task.CompletedTask);

    public static int Parse(WorkerSocket socket) => socket.Upgraded ? 1 : 0;
}

public static class Statics
{
    public static readonly ConcurrentDictionary<string, Lazy<WorkerSocket>> Lazies = new();
    public static WorkerSocket? Cache;
    public static Action? OnEnd;
    public static event EventHandler? Ended;
    public static Task? Pending;

    public static void End() => Ended?.Invoke(null, EventArgs.Empty);
}

public sealed class OwnershipForms
{
    public async Task DisposingHelper(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await Helpers.UseAndDisposeAsync(socket);
    }

    public void WaitUntilHelper(WorkerContext ctx, string host)
    {
        var socket = Sockets.Connect(host, 5432);
        Helpers.CloseLater(ctx, socket);
    }

    public async Task NullableHelper(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await Helpers.CloseIfAnyAsync(socket);
    }

    public Lease RecordKeeps(string host) => new(Sockets.Connect(host, 5432), DateTime.UtcNow);

    public async Task DelegateThatClosesStillBorrows(string host)
    {
        Func<WorkerSocket, Task> close = s => s.CloseAsync();
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await close(socket);
    }

    public async Task DeconstructionReassign(string host)
    {
        var a = Sockets.Connect(host, 1); // expect: WSK007
        var b = Sockets.Connect(host, 2); // expect: WSK007
        (a, b) = (Sockets.Connect(host, 3), Sockets.Connect(host, 4));
        await a.CloseAsync();
        await b.CloseAsync();
    }

    public async Task CopyPatternClose(bool skip, string host)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(host, 5432);
        if (socket is { } open)
        {
            await open.CloseAsync();
        }
    }

    public async Task NullCheckInWhile(Queue<string> hosts)
    {
        while (hosts.Count > 0)
        {
            var host = hosts.Dequeue();
            WorkerSocket? socket = host.StartsWith('#') ? null : Sockets.Connect(host, 5432);
            if (socket is null)
            {
                continue;
            }

            await using (socket)
            {
                await socket.Opened;
            }
        }
    }
}

public sealed class WorkForms
{
    public async Task AsyncLambdaRun(WorkerSocket socket) => await Task.Run(async () => await socket.Writable.FlushAsync());

    public async Task StartNewSyncAwaited(WorkerSocket socket) => await Task.Factory.StartNew(() => Helpers.Parse(socket));

    public async Task SelectedIntoWhenAll(IReadOnlyList<WorkerSocket> sockets)
        => await Task.WhenAll(sockets.Select(s => Task.Run(() => Helpers.Parse(s))));

    public void StoredInStaticTask(WorkerSocket socket)
    {
        Statics.Pending = Task.Run(() => Helpers.Parse(socket)); // expect: WSK003
    }

    public void DroppedCloseInForEach(List<WorkerSocket> sockets)
    {
        sockets.ForEach(s => s.CloseAsync()); // expect: WSK002
    }

    public void DroppedConditionalCloseInLambda(WorkerSocket? socket)
    {
        Action close = () => socket?.CloseAsync(); // expect: WSK002
        close();
    }
}

public static class EscapeForms
{
    public static Lazy<WorkerSocket> NestedLazyFactory(string host)
        => Statics.Lazies.GetOrAdd(host, h => new Lazy<WorkerSocket>(() => Sockets.Connect(h, 5432))); // expect: WSK003

    public static void CompareExchangeConnect(string host)
    {
        Interlocked.CompareExchange(ref Statics.Cache, Sockets.Connect(host, 5432), null); // expect: WSK003
    }

    public static void StaticActionCompound(WorkerSocket socket)
    {
        Statics.OnEnd += () => Console.WriteLine(socket.Upgraded); // expect: WSK003
    }

    public static void StaticEventHandler(WorkerSocket socket)
    {
        Statics.Ended += (_, _) => Console.WriteLine(socket.SecureTransport); // expect: WSK003
    }

    public static async Task<WorkerSocket> ReturnAfterUsingStatement(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await using (socket)
        {
            await socket.Opened;
        }

        return socket;
    }
}

[Worker]
public sealed partial class LazyWorker
{
    private readonly Lazy<WorkerSocket> _db = new(() => Sockets.Connect("db.internal", 5432)); // expect: WSK003
    private readonly Func<Task<WorkerSocket>> _open = () => Task.FromResult(Sockets.Connect("db.internal", 5432));

    public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, LazyEnv env, WorkerContext ctx)
    {
        await _db.Value.Opened;
        var fresh = await _open();
        ctx.WaitUntil(fresh.CloseAsync());
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
    }
}

public sealed class LazyEnv
{
    public string Host { get; init; } = "db.internal";
}

public static class TlsForms
{
    public static async Task TargetTypedOptions(string host)
    {
        var socket = Sockets.Connect($"{host}:587", new() { AllowHalfOpen = true });
        socket = socket.StartTls(); // expect: WSK005
        await socket.CloseAsync();
    }

    public static async Task SeparateDeclaration(string host)
    {
        WorkerSocket socket;
        socket = Sockets.Connect(host, 587, options: null);
        socket = socket.StartTls(new TlsOptions()); // expect: WSK005
        await socket.CloseAsync();
    }

    public static async Task ExplicitOff(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions() { SecureTransport = SecureTransport.Off });
        await using var tls = socket.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async Task TargetTypedStartTls(string host)
    {
        var socket = Sockets.Connect(host, 587, new() { SecureTransport = SecureTransport.StartTls });
        socket = socket.StartTls();
        await socket.CloseAsync();
    }
}
