// Batch 8: more of the same examples in the spellings hurried code uses (named arguments, target-typed new, explicit
// empty option parens, timeouts on Wait, arrays of socket tasks, Thread/Timer/StartNew, ValueTask factories).
// Written from docs/rules/*.md alone, before the analyzers were read.
using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Variants;

public static class Shared
{
    public static readonly Queue<WorkerSocket> Idle = new();
    public static Action? Changed;
}

public sealed class Spellings
{
    public async Task NamedPort(string host)
    {
        await using var a = Sockets.Connect(host, port: 25); // expect: WSK001
        await a.Opened;
    }

    public async Task EndpointThroughLocalPort(string host)
    {
        const int port = 443;
        await using var a = Sockets.Connect(new DnsEndPoint(host, port)); // expect: WSK010
        await a.Opened;
    }

    public async Task TargetTypedOptions(string host)
    {
        var s = Sockets.Connect(host, 5432, new() { SecureTransport = SecureTransport.On });
        await using var tls = s.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public async Task EmptyParens(string host)
    {
        var s = Sockets.Connect(host, 5432, new SocketOptions());
        await using var tls = s.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public async Task TargetTypedStartTls(string host)
    {
        WorkerSocket s = Sockets.Connect(host, 5432, new() { SecureTransport = SecureTransport.StartTls });
        await using var tls = s.StartTls();
        await tls.Opened;
    }

    public void MaybeDispose(WorkerSocket? maybe)
    {
        maybe?.DisposeAsync(); // expect: WSK002
    }

    public Func<Task> Closer(WorkerSocket socket) => () =>
    {
        socket.CloseAsync(); // expect: WSK002
        return Task.CompletedTask;
    };

    public bool WaitWithTimeout(WorkerSocket socket) => socket.Opened.Wait(TimeSpan.FromSeconds(5)); // expect: WSK009

    public void WaitWithToken(WorkerSocket socket, CancellationToken token) => socket.Closed.Wait(token); // expect: WSK009

    public void WaitAsTask(WorkerSocket socket) => socket.DisposeAsync().AsTask().Wait(); // expect: WSK009

    public void WaitArray(WorkerSocket a, WorkerSocket b) => Task.WaitAll(new Task[] { a.Opened, b.Opened }); // expect: WSK009

    public SocketInfo OpenedConfigured(WorkerSocket socket) => socket.Opened.ConfigureAwait(false).GetAwaiter().GetResult(); // expect: WSK009

    public void StartNew(WorkerSocket socket)
    {
        Task.Factory.StartNew(() => socket.CloseAsync()); // expect: WSK003
    }

    public void OnThread(WorkerSocket socket)
    {
        var thread = new Thread(() => Console.WriteLine(socket.Upgraded)); // expect: WSK003
        thread.Start();
    }

    public Timer Every(WorkerSocket socket) => new Timer(_ => Console.WriteLine(socket.Upgraded), null, 0, 1000); // expect: WSK003

    public void Park(WorkerSocket socket) => Shared.Idle.Enqueue(socket); // expect: WSK003

    public void Subscribe(WorkerSocket socket)
    {
        Shared.Changed += () => Console.WriteLine(socket.Upgraded); // expect: WSK003
    }

    public async Task OldStream(WorkerSocket socket)
    {
        var tls = socket.StartTls();
        await socket.Stream.FlushAsync(); // expect: WSK006
        await tls.CloseAsync();
    }

    public async Task OldDispose(WorkerSocket socket)
    {
        var tls = socket.StartTls();
        await tls.CloseAsync();
        await socket.DisposeAsync(); // expect: WSK006
    }

    public async Task SecondUpgrade(WorkerSocket socket)
    {
        await using var tls = socket.StartTls();
        await using var again = socket.StartTls(); // expect: WSK006
    }

    public static async ValueTask<WorkerSocket> OpenAsync(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened.ConfigureAwait(false);
        return s;
    }

    public async Task ValueTaskFactoryLeak(string host)
    {
        var s = await OpenAsync(host).ConfigureAwait(false); // expect: WSK007
        Console.WriteLine(s.Upgraded);
    }

    public async Task ValueTaskFactoryClosed(string host)
    {
        await using var s = await OpenAsync(host);
        await s.Opened;
    }

    public async Task<List<WorkerSocket>> WhileAdd(Queue<string> hosts)
    {
        var all = new List<WorkerSocket>();
        while (hosts.TryDequeue(out var host))
        {
            var s = Sockets.Connect(host, 5432); // expect: WSK008
            all.Add(s);
        }

        await Task.WhenAll(all.ConvertAll(s => s.Opened));
        return all;
    }

    public async Task DoRetry(string host)
    {
        WorkerSocket s;
        var attempt = 0;
        do
        {
            s = Sockets.Connect(host, 5432);
            try { await s.Opened; break; }
            catch (Exception) { await s.CloseAsync(); }
        }
        while (++attempt < 3);

        await s.CloseAsync();
    }
}
