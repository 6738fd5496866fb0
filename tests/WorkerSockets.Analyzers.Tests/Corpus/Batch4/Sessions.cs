// Batch 4: session setup code: optional upgrades through an "active" variable, sockets opened inside try, async streams of hosts.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Sessions;

public static class SessionSetup
{
    private static readonly object Gate = new();
    private static WorkerSocket? lastSession;

    public static async Task OptionalUpgradeAsync(string host, bool secure, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var active = socket;
        if (secure)
        {
            active = socket.StartTls();
        }

        await active.Writable.WriteAsync("hello"u8.ToArray(), ct).ConfigureAwait(false);
        await active.CloseAsync().ConfigureAwait(false);
    }

    public static async Task OpenInsideTryAsync(string host)
    {
        WorkerSocket? socket = null;
        try
        {
            socket = Sockets.Connect(host, 5432);
            await socket.Opened.ConfigureAwait(false);
        }
        catch (IOException)
        {
            if (socket is not null)
            {
                await socket.CloseAsync().ConfigureAwait(false);
            }

            return;
        }

        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task<int> SwitchWithThrowAsync(string host, string mode)
    {
        var socket = mode switch
        {
            "plain" => Sockets.Connect(host, 5432),
            "tls" => Sockets.Connect(host, 5433, new SocketOptions { SecureTransport = SecureTransport.On }),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        await using (socket.ConfigureAwait(false))
        {
            await socket.Opened.ConfigureAwait(false);
        }

        return 1;
    }

    public static async Task MaybeAsync(string host, bool enabled)
    {
        WorkerSocket? socket = enabled ? Sockets.Connect(host, 5432) : null;
        await using (socket)
        {
            if (socket is not null)
            {
                await socket.Opened.ConfigureAwait(false);
            }
        }
    }

    public static async Task<int> ProbeStreamAsync(IAsyncEnumerable<string> hosts, CancellationToken ct)
    {
        var reachable = 0;
        await foreach (var host in hosts.WithCancellation(ct).ConfigureAwait(false))
        {
            await using var socket = Sockets.Connect(host, 5432);
            try
            {
                await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
                reachable++;
            }
            catch (IOException)
            {
            }
        }

        return reachable;
    }

    public static async Task<WorkerSocket?> LastReachableAsync(IAsyncEnumerable<string> hosts, CancellationToken ct)
    {
        WorkerSocket? last = null;
        await foreach (var host in hosts.WithCancellation(ct).ConfigureAwait(false))
        {
            last = Sockets.Connect(host, 5432); // expect: WSK008, WSK007
            await last.Opened.WaitAsync(ct).ConfigureAwait(false);
        }

        return last;
    }

    public static Task<int[]> ProbeAllAsync(IEnumerable<string> hosts) =>
        Task.WhenAll(hosts.Take(6).Select(async host =>
        {
            await using var socket = Sockets.Connect(host, 5432);
            return (await socket.Opened.ConfigureAwait(false)).RemoteAddress?.Length ?? 0;
        }));

    public static async Task RememberAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await socket.Opened.ConfigureAwait(false);
        lock (Gate)
        {
            lastSession = socket; // expect: WSK003
        }
    }

    public static async Task ForgetAsync()
    {
        WorkerSocket? previous;
        lock (Gate)
        {
            previous = lastSession;
            lastSession = null;
        }

        if (previous is not null)
        {
            await previous.CloseAsync().ConfigureAwait(false);
        }
    }
}
