// Batch 3: the try/finally forms people write before they learn 'await using'.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch3.FinallyForms;

public sealed class Handler
{
    private WorkerSocket? _maybe;

    public async Task<string?> NullInitializedAsync(string address)
    {
        WorkerSocket? socket = null;
        try
        {
            socket = Sockets.Connect(address);
            return (await socket.Opened).RemoteAddress;
        }
        finally
        {
            if (socket is not null)
            {
                await socket.DisposeAsync();
            }
        }
    }

    public async Task<string?> NullInitializedCoalesceAsync(string address)
    {
        WorkerSocket? socket = null;
        try
        {
            socket = Sockets.Connect(address);
            return (await socket.Opened).RemoteAddress;
        }
        finally
        {
            await (socket?.CloseAsync() ?? Task.CompletedTask);
        }
    }

    public async Task<string?> NotEqualsNullAsync(string address)
    {
        WorkerSocket? socket = null;
        try
        {
            socket = Sockets.Connect(address);
            return (await socket.Opened).RemoteAddress;
        }
        finally
        {
            if (socket != null)
            {
                await socket.CloseAsync();
            }
        }
    }

    // The finally only logs: the socket stays open.
    public async Task<string?> FinallyLogsOnlyAsync(string address)
    {
        WorkerSocket? socket = null;
        try
        {
            socket = Sockets.Connect(address); // expect: WSK007
            return (await socket.Opened).RemoteAddress;
        }
        finally
        {
            Console.WriteLine(socket?.SecureTransport);
        }
    }

    public void DropField() => _maybe?.CloseAsync(); // expect: WSK002

    public Task CloseField() => _maybe?.CloseAsync() ?? Task.CompletedTask;

    public async Task OpenIntoFieldAsync(string address)
    {
        _maybe = Sockets.Connect(address);
        await _maybe.Opened;
    }

    // Seven sockets, each in its own 'await using (local)' statement, one after the other.
    public async Task SevenUsingStatementsAsync(string host)
    {
        var s1 = Sockets.Connect(host, 8101); await using (s1) { await s1.Opened; }
        var s2 = Sockets.Connect(host, 8102); await using (s2) { await s2.Opened; }
        var s3 = Sockets.Connect(host, 8103); await using (s3) { await s3.Opened; }
        var s4 = Sockets.Connect(host, 8104); await using (s4) { await s4.Opened; }
        var s5 = Sockets.Connect(host, 8105); await using (s5) { await s5.Opened; }
        var s6 = Sockets.Connect(host, 8106); await using (s6) { await s6.Opened; }
        var s7 = Sockets.Connect(host, 8107); await using (s7) { await s7.Opened; }
    }

    // Seven opened first, closed afterwards.
    public async Task SevenThenCloseAsync(string host)
    {
        var s1 = Sockets.Connect(host, 8101);
        var s2 = Sockets.Connect(host, 8102);
        var s3 = Sockets.Connect(host, 8103);
        var s4 = Sockets.Connect(host, 8104);
        var s5 = Sockets.Connect(host, 8105);
        var s6 = Sockets.Connect(host, 8106);
        var s7 = Sockets.Connect(host, 8107); // expect: WSK008
        await Task.WhenAll(s1.Opened, s2.Opened, s3.Opened, s4.Opened, s5.Opened, s6.Opened, s7.Opened);
        foreach (var s in new[] { s1, s2, s3, s4, s5, s6, s7 })
        {
            await s.CloseAsync();
        }
    }

    // A while loop that reads a work list and keeps a socket per item in a dictionary.
    public async Task<Dictionary<string, WorkerSocket>> PerItemAsync(Queue<string> items)
    {
        var open = new Dictionary<string, WorkerSocket>();
        while (items.TryDequeue(out var item))
        {
            open.Add(item, Sockets.Connect(item, 8200)); // expect: WSK008
        }

        foreach (var socket in open.Values)
        {
            await socket.Opened;
        }

        return open;
    }

    // do/while retry: the failed attempt is closed in the catch before the next pass.
    public async Task<WorkerSocket> RetryDoWhileAsync(string host)
    {
        WorkerSocket socket;
        var attempt = 0;
        do
        {
            socket = Sockets.Connect(host, 8300);
            try
            {
                await socket.Opened;
                return socket;
            }
            catch (Exception) when (++attempt < 3)
            {
                await socket.CloseAsync();
            }
        }
        while (true);
    }

    // Handed to WaitUntil through a helper that closes it.
    public async Task HandOffAsync(string host, WorkerContext ctx)
    {
        var socket = Sockets.Connect(host, 8400);
        await socket.Opened;
        ctx.WaitUntil(DrainAndCloseAsync(socket));
    }

    private static async Task DrainAndCloseAsync(WorkerSocket socket)
    {
        await socket.Writable.FlushAsync();
        await socket.CloseAsync();
    }

    // A tuple handed back to the caller.
    public async Task<(WorkerSocket Socket, SocketInfo Info)> OpenWithInfoAsync(string host)
    {
        var socket = Sockets.Connect(host, 8500);
        var info = await socket.Opened;
        return (socket, info);
    }

    // Lends sockets one at a time through an iterator.
    public async IAsyncEnumerable<SocketInfo> InfosAsync(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            await using var socket = Sockets.Connect(host, 8600);
            yield return await socket.Opened;
        }
    }
}
