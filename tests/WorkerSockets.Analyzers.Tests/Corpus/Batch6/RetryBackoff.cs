// Batch 6: retry with backoff around connect, the shapes people copy from Polly-less Node code.
using System;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.RetryBackoff;

public static class Retry
{
    // Careful: each failed attempt is closed before the delay.
    public static async Task<WorkerSocket> ConnectWithRetryAsync(string address, int attempts, CancellationToken token)
    {
        for (var attempt = 1; ; attempt++)
        {
            var socket = Sockets.Connect(address);
            try
            {
                await socket.Opened.WaitAsync(token);
                return socket;
            }
            catch (Exception) when (attempt < attempts)
            {
                await socket.CloseAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)), token);
            }
            catch
            {
                await socket.CloseAsync();
                throw;
            }
        }
    }

    // Careless: failed attempts are never closed; the variable outside the loop keeps the last one.
    public static async Task<WorkerSocket> ConnectCarelessAsync(string address)
    {
        WorkerSocket socket;
        var delay = 50;
        while (true)
        {
            socket = Sockets.Connect(address); // expect: WSK007, WSK008
            try
            {
                await socket.Opened;
                return socket;
            }
            catch (Exception)
            {
                await Task.Delay(delay);
                delay *= 2;
            }
        }
    }

    // Retry where the previous attempt is closed at the top of the loop.
    public static async Task<WorkerSocket?> CloseAtTopAsync(string address)
    {
        WorkerSocket? socket = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (socket is not null)
            {
                await socket.CloseAsync();
            }

            socket = Sockets.Connect(address);
            try
            {
                await socket.Opened;
                return socket;
            }
            catch (Exception)
            {
                await Task.Delay(attempt * 100);
            }
        }

        if (socket is not null)
        {
            await socket.CloseAsync();
        }

        return null;
    }

    // A generic retry helper taking a factory delegate; the caller passes Sockets.Connect in a lambda.
    public static async Task<T> WithRetryAsync<T>(Func<Task<T>> action, int attempts)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await action();
            }
            catch (Exception) when (i < attempts - 1)
            {
                await Task.Delay(100 << i);
            }
        }
    }

    public static async Task<string> UseGenericRetryAsync(string address)
    {
        return await WithRetryAsync(async () =>
        {
            await using var socket = Sockets.Connect(address);
            var info = await socket.Opened;
            return info.RemoteAddress ?? "";
        }, 3);
    }

    // The "good one leaves the loop" shape with an attempt counter and a hard failure after.
    public static async Task<string> QueryWithRetryAsync(string address, byte[] query)
    {
        var attempt = 0;
        WorkerSocket socket;
        while (true)
        {
            socket = Sockets.Connect(address);
            try
            {
                await socket.Opened;
                break;
            }
            catch (Exception) when (++attempt < 3)
            {
                await socket.CloseAsync();
            }
        }

        await using (socket)
        {
            await socket.Writable.WriteAsync(query);
            var read = await socket.Readable.ReadAsync();
            return read.Buffer.Length.ToString();
        }
    }

    // Reconnect inside a read loop: when the peer hangs up, connect again, but the old socket is not closed.
    public static async Task<long> ReconnectingReaderAsync(string address, int rounds)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        long total = 0;
        for (var i = 0; i < rounds; i++)
        {
            var read = await socket.Readable.ReadAsync();
            total += read.Buffer.Length;
            socket.Readable.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                socket = Sockets.Connect(address); // expect: WSK007, WSK008
            }
        }

        await socket.CloseAsync();
        return total;
    }

    // The same reconnect, closing first.
    public static async Task<long> ReconnectingReaderClosedAsync(string address, int rounds)
    {
        var socket = Sockets.Connect(address);
        long total = 0;
        try
        {
            for (var i = 0; i < rounds; i++)
            {
                var read = await socket.Readable.ReadAsync();
                total += read.Buffer.Length;
                socket.Readable.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    await socket.CloseAsync();
                    socket = Sockets.Connect(address);
                }
            }
        }
        finally
        {
            await socket.CloseAsync();
        }

        return total;
    }
}
