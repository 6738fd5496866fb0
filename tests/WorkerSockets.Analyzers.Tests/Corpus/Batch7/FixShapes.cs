// Batch 7 (code-fix bullets of issue 13): shapes where a careless fix would make code worse. The expectations are the
// diagnostics; CorpusCodeFixTests checks that the first fix offered on each leaves the file compiling and no worse.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.FixShapes;

public sealed class Connections
{
    private readonly List<WorkerSocket> _kept = new();

    // Returned on one path, leaked on the other: an await using would hand out a closed socket.
    public async Task<WorkerSocket?> ReturnedOrLeaked(string host, bool keep)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await socket.Opened;
        if (keep)
        {
            return socket;
        }

        return null;
    }

    // Stored on one path, leaked on the other.
    public async Task StoredOrLeaked(string host, bool keep)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        await socket.Opened;
        if (keep)
        {
            _kept.Add(socket);
        }
    }

    // Upgraded on one path, leaked on the other.
    public async Task<WorkerSocket?> UpgradedOrLeaked(string host, bool tls)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls }); // expect: WSK007
        await socket.Opened;
        return tls ? null : socket.StartTls();
    }

    // Not async and returns Task: the fix may make it async only without leaving a stray return.
    public Task LeakInTaskMethod(string host, bool quick)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        if (quick)
        {
            return Task.CompletedTask;
        }

        Console.WriteLine(socket.SecureTransport);
        return Task.CompletedTask;
    }

    public void LeakInVoidMethod(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        Console.WriteLine(socket.SecureTransport);
    }

    public Task DropInTaskMethod(WorkerSocket socket, bool early)
    {
        if (early)
        {
            socket.CloseAsync(); // expect: WSK002
            return Task.CompletedTask;
        }

        socket.DisposeAsync(); // expect: WSK002
        return Task.CompletedTask;
    }

    public void DropInVoidMethod(WorkerSocket socket)
    {
        socket.CloseAsync(); // expect: WSK002
    }

    public void DropInVoidWithContext(WorkerContext ctx, WorkerSocket socket)
    {
        socket.CloseAsync(); // expect: WSK002
        ctx.WaitUntil(Task.CompletedTask);
    }

    public void BlockInSyncMethod(WorkerSocket socket)
    {
        socket.CloseAsync().Wait(); // expect: WSK009
    }

    public int BlockOnOpenedInSyncMethod(WorkerSocket socket)
    {
        var info = socket.Opened.GetAwaiter().GetResult(); // expect: WSK009
        return info.RemoteAddress?.Length ?? 0;
    }

    public Task<int> BlockInTaskMethod(WorkerSocket socket)
    {
        var info = socket.Opened.Result; // expect: WSK009
        return Task.FromResult(info.LocalAddress?.Length ?? 0);
    }

    public async Task SharedOptions(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        await using var a = Sockets.Connect(host, 587, options);
        await using var b = Sockets.Connect(host, 5432, options);
        await using var tls = a.StartTls(); // expect: WSK005
        await b.Opened;
    }

    public async Task OwnOptions(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        await using var a = Sockets.Connect(host, 587, options);
        await using var tls = a.StartTls(); // expect: WSK005
        await tls.Opened;
    }
}
