// Batch 4: hand-written retry policies (Polly style), exception filters, goto and break out of loops.
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Retries;

public sealed class RetryPolicy(int maxAttempts, TimeSpan delay)
{
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < maxAttempts && IsTransient(ex))
            {
                await Task.Delay(delay * attempt, ct).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(Exception ex) => ex is IOException or SocketException or TimeoutException;
}

public static class ResilientConnect
{
    public static Task<WorkerSocket> ConnectWithRetryAsync(RetryPolicy policy, string host, int port, CancellationToken ct) =>
        policy.ExecuteAsync(async token =>
        {
            var socket = Sockets.Connect(host, port);
            try
            {
                await socket.Opened.WaitAsync(token).ConfigureAwait(false);
                return socket;
            }
            catch
            {
                await socket.CloseAsync().ConfigureAwait(false);
                throw;
            }
        }, ct);

    public static async Task<WorkerSocket> ConnectFirstReachableAsync(string[] hosts, CancellationToken ct)
    {
        foreach (var host in hosts)
        {
            var socket = Sockets.Connect(host, 5432);
            try
            {
                await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
                return socket;
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                await socket.CloseAsync().ConfigureAwait(false);
            }
        }

        throw new IOException("no host reachable");
    }

    public static async Task<WorkerSocket> ConnectFirstReachableLeakyAsync(string[] hosts, CancellationToken ct)
    {
        foreach (var host in hosts)
        {
            var socket = Sockets.Connect(host, 5432); // expect: WSK007
            try
            {
                await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
                return socket;
            }
            catch (IOException)
            {
                // try the next host
            }
        }

        throw new IOException("no host reachable");
    }

    public static async Task<SocketInfo> ConnectWithGotoAsync(string host, CancellationToken ct)
    {
        var attempts = 0;
    retry:
        var socket = Sockets.Connect(host, 5432);
        try
        {
            return await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (IOException) when (++attempts < 3)
        {
            await socket.CloseAsync().ConfigureAwait(false);
            goto retry;
        }
        finally
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task<SocketInfo?> ReconnectUntilOpenAsync(string host, CancellationToken ct)
    {
        WorkerSocket? socket = null;
        SocketInfo? info = null;
        for (var attempt = 0; attempt < 5 && info is null; attempt++)
        {
            if (socket is not null)
            {
                await socket.CloseAsync().ConfigureAwait(false);
            }

            socket = Sockets.Connect(host, 5432);
            try
            {
                info = await socket.Opened.WaitAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                info = null;
            }
        }

        if (socket is not null)
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }

        return info;
    }

    public static async Task<SocketInfo?> ReconnectLeakyAsync(string host, CancellationToken ct)
    {
        WorkerSocket? socket = null;
        while (!ct.IsCancellationRequested)
        {
            socket = Sockets.Connect(host, 5432); // expect: WSK008, WSK007
            try
            {
                var info = await socket.Opened.WaitAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                await socket.CloseAsync().ConfigureAwait(false);
                return info;
            }
            catch (TimeoutException)
            {
            }
        }

        return null;
    }

    public static async Task<bool> PingOnceAsync(string host)
    {
        WorkerSocket socket;
        while (true)
        {
            socket = Sockets.Connect(host, 7);
            if (await socket.Opened.ContinueWith(t => t.IsCompletedSuccessfully).ConfigureAwait(false))
            {
                break;
            }

            await socket.CloseAsync().ConfigureAwait(false);
        }

        await socket.CloseAsync().ConfigureAwait(false);
        return true;
    }
}
