// Batch 4: lazily opened connections, ValueTask factories and nested lambdas that finish their work through WaitUntil.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Deferred;

public static class Connections
{
    public static async ValueTask<WorkerSocket> OpenReadyAsync(string host, int port, CancellationToken ct)
    {
        var socket = Sockets.Connect(host, port);
        try
        {
            await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            await socket.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static async Task<WorkerSocket> OpenReadyBrokenAsync(string host, int port)
    {
        await using var socket = Sockets.Connect(host, port); // expect: WSK007
        await socket.Opened.ConfigureAwait(false);
        return socket;
    }
}

public sealed class RequestHandler(string host)
{
    public async Task<string> HandleAsync(WorkerContext ctx, CancellationToken ct)
    {
        // Built per request: the lazy connection lives and dies with this call.
        var lazy = new Lazy<Task<WorkerSocket>>(() => Connections.OpenReadyAsync(host, 6379, ct).AsTask());
        try
        {
            var socket = await lazy.Value.ConfigureAwait(false);
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), ct).ConfigureAwait(false);
            return "ok";
        }
        finally
        {
            if (lazy.IsValueCreated)
            {
                ctx.WaitUntil(lazy.Value.ContinueWith(t => t.Result.CloseAsync(), TaskScheduler.Default).Unwrap());
            }
        }
    }

    public async Task<string> HandleDeferredAsync(WorkerContext ctx, CancellationToken ct)
    {
        var socket = await Connections.OpenReadyAsync(host, 6379, ct).ConfigureAwait(false);
        ctx.WaitUntil(Task.Run(async () =>
        {
            await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n")).ConfigureAwait(false);
            await socket.CloseAsync().ConfigureAwait(false);
        }));
        return "accepted";
    }

    public async Task<string> HandleLeakyAsync(CancellationToken ct)
    {
        var socket = await Connections.OpenReadyAsync(host, 6379, ct).ConfigureAwait(false); // expect: WSK007
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), ct).ConfigureAwait(false);
        return "ok";
    }

    public async Task<string> HandleWithDiscardAsync(CancellationToken ct)
    {
        var socket = await Connections.OpenReadyAsync(host, 6379, ct).ConfigureAwait(false);
        await using var _ = socket;
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), ct).ConfigureAwait(false);
        return "ok";
    }

    public Task<string> HandleNestedAsync(WorkerContext ctx)
    {
        var socket = Sockets.Connect(host, 6379);
        Func<Func<Task>, Task> withSocket = async body =>
        {
            try
            {
                await body().ConfigureAwait(false);
            }
            finally
            {
                await socket.CloseAsync().ConfigureAwait(false);
            }
        };
        ctx.WaitUntil(withSocket(async () => await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n")).ConfigureAwait(false)));
        return Task.FromResult("accepted");
    }

    public async Task<int> HandleWaitAllAsync(WorkerContext ctx, IReadOnlyList<string> keys)
    {
        var socket = Sockets.Connect(host, 6379);
        var writes = new List<Task>();
        foreach (var key in keys)
        {
            writes.Add(Task.Run(async () => await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes($"GET {key}\r\n")).ConfigureAwait(false)));
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
        return writes.Count;
    }

    public async Task<int> HandleAwaitedRunAsync()
    {
        await using var socket = Sockets.Connect(host, 6379);
        var length = await Task.Run(() => socket.SecureTransport.ToString().Length).ConfigureAwait(false);
        return length;
    }
}
