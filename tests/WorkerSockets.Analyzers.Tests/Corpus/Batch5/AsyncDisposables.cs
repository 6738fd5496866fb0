// Batch 5: IAsyncDisposable wrappers that own a socket, and the ways such wrappers go wrong.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.AsyncDisposables;

public sealed class LineClient : IAsyncDisposable
{
    private readonly WorkerSocket socket;
    private int disposed;

    public LineClient(string host, int port) => socket = Sockets.Connect(host, port);

    public Task<SocketInfo> Ready => socket.Opened;

    public async ValueTask SendAsync(string line, CancellationToken ct = default) =>
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ct).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }
}

// Forgets to wait for the close: the request may end while the socket is still flushing.
public sealed class HastyClient : IAsyncDisposable
{
    private readonly WorkerSocket socket;

    public HastyClient(WorkerSocket socket) => this.socket = socket;

    public ValueTask DisposeAsync()
    {
        socket.CloseAsync(); // expect: WSK002
        return ValueTask.CompletedTask;
    }
}

// Implements only IDisposable: the synchronous Dispose blocks on the close.
public sealed class BlockingClient : IDisposable
{
    private readonly WorkerSocket socket;

    public BlockingClient(string host) => socket = Sockets.Connect(host, 11211);

    public void Dispose() => socket.CloseAsync().GetAwaiter().GetResult(); // expect: WSK009
}

// Implements IDisposable by handing the close to the request instead of blocking.
public sealed class DeferredClient(WorkerContext ctx, WorkerSocket socket) : IDisposable
{
    public WorkerSocket Socket => socket;

    public void Dispose() => ctx.WaitUntil(socket.CloseAsync());
}

public abstract class ProtocolClientBase : IAsyncDisposable
{
    protected ProtocolClientBase(WorkerSocket socket) => Socket = socket;

    protected WorkerSocket Socket { get; }

    public virtual async ValueTask DisposeAsync()
    {
        await Socket.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}

public sealed class MemcachedClient : ProtocolClientBase
{
    private MemcachedClient(WorkerSocket socket)
        : base(socket)
    {
    }

    public static MemcachedClient Connect(string host) => new(Sockets.Connect(host, 11211));

    public async Task<bool> TouchAsync(string key, CancellationToken ct)
    {
        await Socket.Writable.WriteAsync(Encoding.ASCII.GetBytes($"touch {key} 60\r\n"), ct).ConfigureAwait(false);
        var result = await Socket.Readable.ReadAsync(ct).ConfigureAwait(false);
        Socket.Readable.AdvanceTo(result.Buffer.End);
        return !result.IsCanceled;
    }
}

public static class ClientUsage
{
    public static async Task SendAsync(string host, string line)
    {
        await using var client = new LineClient(host, 7001);
        await client.Ready.ConfigureAwait(false);
        await client.SendAsync(line).ConfigureAwait(false);
    }

    public static async Task<bool> TouchAsync(string host, string key, CancellationToken ct)
    {
        await using var client = MemcachedClient.Connect(host);
        return await client.TouchAsync(key, ct).ConfigureAwait(false);
    }

    public static async Task HastyAsync(string host)
    {
        await using var client = new HastyClient(Sockets.Connect(host, 7001));
    }

    public static void Deferred(WorkerContext ctx, string host)
    {
        using var client = new DeferredClient(ctx, Sockets.Connect(host, 7001));
        _ = client.Socket.Opened;
    }

    public static async Task ManualDispose(string host)
    {
        var client = new LineClient(host, 7001);
        try
        {
            await client.SendAsync("HELLO").ConfigureAwait(false);
        }
        finally
        {
            client.DisposeAsync(); // only a LineClient: not a socket's close
        }
    }

    public static async Task OpenInWrapperScope(string host)
    {
        var raw = Sockets.Connect(host, 7001); // expect: WSK007
        await using (var client = new LineClient(host, 7002))
        {
            await raw.Opened.ConfigureAwait(false);
            await client.Ready.ConfigureAwait(false);
        }
    }
}

// A wrapper whose constructor opens a socket it never keeps.
public sealed class ProbeOnConstruct
{
    public ProbeOnConstruct(string host)
    {
        var probe = Sockets.Connect(host, 7003); // expect: WSK007
        Host = probe.SecureTransport == SecureTransport.Off ? host : "tls:" + host;
    }

    public string Host { get; }
}
