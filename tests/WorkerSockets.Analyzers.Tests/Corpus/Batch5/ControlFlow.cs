// Batch 5: nested try/finally, goto-based retries, local functions and static lambdas.
using System;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.ControlFlow;

public static class NestedFinally
{
    public static async Task TwoLevels(string db, string cache)
    {
        var a = Sockets.Connect(db, 5432);
        try
        {
            var b = Sockets.Connect(cache, 6379);
            try
            {
                await Task.WhenAll(a.Opened, b.Opened).ConfigureAwait(false);
            }
            finally
            {
                await b.CloseAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await a.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task InnerForgotten(string db, string cache)
    {
        var a = Sockets.Connect(db, 5432);
        try
        {
            var b = Sockets.Connect(cache, 6379); // expect: WSK007
            try
            {
                await b.Opened.ConfigureAwait(false);
            }
            finally
            {
                Console.WriteLine("inner done");
            }
        }
        finally
        {
            await a.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task FinallyWithCatch(string host)
    {
        WorkerSocket? socket = null;
        try
        {
            socket = Sockets.Connect(host, 5432);
            await socket.Opened.ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Console.Error.WriteLine(e.Message);
        }
        finally
        {
            if (socket is not null)
            {
                await socket.CloseAsync().ConfigureAwait(false);
            }
        }
    }
}

public static class GotoRetries
{
    public static async Task<SocketInfo> ConnectWithGoto(string host)
    {
        var attempts = 0;
        WorkerSocket socket;
    retry:
        socket = Sockets.Connect(host, 5432);
        try
        {
            var info = await socket.Opened.ConfigureAwait(false);
            await socket.CloseAsync().ConfigureAwait(false);
            return info;
        }
        catch (Exception) when (++attempts < 3)
        {
            await socket.CloseAsync().ConfigureAwait(false);
            goto retry;
        }
    }

    public static async Task<SocketInfo> GotoLeaksEachAttempt(string host)
    {
        var attempts = 0;
        WorkerSocket socket;
    again:
        socket = Sockets.Connect(host, 5432); // expect: WSK007
        try
        {
            return await socket.Opened.ConfigureAwait(false);
        }
        catch (Exception) when (++attempts < 3)
        {
            goto again;
        }
    }
}

public static class LocalFunctions
{
    public static async Task<int> WithLocalOpener(string host, int[] ports)
    {
        var total = 0;
        foreach (var port in ports)
        {
            await using var socket = Open(port);
            total += (await socket.Opened.ConfigureAwait(false)).RemoteAddress?.Length ?? 0;
        }

        return total;

        WorkerSocket Open(int port) => Sockets.Connect(host, port);
    }

    public static async Task LocalOpenerLeaks(string host)
    {
        var socket = Open(); // expect: WSK007
        await socket.Opened.ConfigureAwait(false);

        WorkerSocket Open() => Sockets.Connect(host, 7010);
    }

    public static async Task LocalCloser(string host)
    {
        var socket = Sockets.Connect(host, 7010);
        await socket.Opened.ConfigureAwait(false);
        await Finish().ConfigureAwait(false);

        async Task Finish() => await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task StaticLocalCloser(string host)
    {
        var socket = Sockets.Connect(host, 7010);
        await socket.Opened.ConfigureAwait(false);
        await FinishAsync(socket).ConfigureAwait(false);

        static Task FinishAsync(WorkerSocket s) => s.CloseAsync();
    }

    public static async Task StaticLocalBorrower(string host)
    {
        var socket = Sockets.Connect(host, 7010); // expect: WSK007
        await PingAsync(socket).ConfigureAwait(false);

        static async Task PingAsync(WorkerSocket s) => await s.Writable.WriteAsync("PING\n"u8.ToArray()).ConfigureAwait(false);
    }

    public static void StaticLambdaDropsClose(WorkerSocket socket)
    {
        Func<WorkerSocket, Task> close = static s => s.CloseAsync();
        Action<WorkerSocket> drop = static s => s.CloseAsync(); // expect: WSK002
        drop(socket);
        _ = close;
    }

    public static async Task StaticLambdaOpener(string host)
    {
        Func<string, WorkerSocket> open = static h => Sockets.Connect(h, 7011);
        await using var socket = open(host);
        await socket.Opened.ConfigureAwait(false);
    }
}

public static class Loops
{
    public static async Task DoWhileReconnect(string host, CancellationToken ct)
    {
        WorkerSocket socket;
        var attempt = 0;
        do
        {
            socket = Sockets.Connect(host, 1883);
            try
            {
                await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
                break;
            }
            catch (TimeoutException)
            {
                await socket.CloseAsync().ConfigureAwait(false);
            }
        }
        while (++attempt < 5);

        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task ContinueSkipsClose(string[] hosts)
    {
        foreach (var host in hosts)
        {
            var socket = Sockets.Connect(host, 1883); // expect: WSK007
            if (host.StartsWith('#'))
            {
                continue;
            }

            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task WhileKeepsPrevious(string[] hosts)
    {
        WorkerSocket? current = null;
        var i = 0;
        while (i < hosts.Length)
        {
            current = Sockets.Connect(hosts[i++], 1883); // expect: WSK008, WSK007
            await current.Opened.ConfigureAwait(false);
        }

        if (current is not null)
        {
            await current.CloseAsync().ConfigureAwait(false);
        }
    }
}
