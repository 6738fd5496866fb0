// Protocol layers with interfaces, abstract bases and generic helpers, as a small client library would have them.
using System;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Protocols;

interface IFramer
{
    Task WriteFrameAsync(WorkerSocket socket, string payload);
}

sealed class LineFramer : IFramer
{
    public async Task WriteFrameAsync(WorkerSocket socket, string payload)
        => await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(payload + "\n"));
}

abstract class ProtocolBase : IAsyncDisposable
{
    protected ProtocolBase(WorkerSocket socket) => Socket = socket;

    protected WorkerSocket Socket { get; }

    public abstract Task HandshakeAsync();

    public async ValueTask DisposeAsync()
    {
        await OnClosingAsync();
        await Socket.CloseAsync();
    }

    protected virtual Task OnClosingAsync() => Task.CompletedTask;
}

sealed class Memcached : ProtocolBase
{
    public Memcached(WorkerSocket socket) : base(socket)
    {
    }

    public override Task HandshakeAsync() => Socket.Opened;

    protected override async Task OnClosingAsync() => await Socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("quit\r\n"));
}

static class Generic
{
    public static async Task<TResult> Scoped<TResource, TResult>(TResource resource, Func<TResource, Task<TResult>> body)
        where TResource : IAsyncDisposable
    {
        await using (resource)
        {
            return await body(resource);
        }
    }

    public static async Task<T> Closing<T>(WorkerSocket socket, Func<WorkerSocket, Task<T>> body)
    {
        try
        {
            return await body(socket);
        }
        finally
        {
            await socket.CloseAsync();
        }
    }
}

static class Client
{
    public static async Task ThroughInterface(IFramer framer, string host)
    {
        var s = Sockets.Connect(host, 11211); // expect: WSK007
        await framer.WriteFrameAsync(s, "stats");
    }

    public static async Task ThroughInterfaceThenClose(IFramer framer, string host)
    {
        await using var s = Sockets.Connect(host, 11211);
        await framer.WriteFrameAsync(s, "stats");
    }

    public static async Task WrappedInProtocol(string host)
    {
        await using var client = new Memcached(Sockets.Connect(host, 11211));
        await client.HandshakeAsync();
    }

    public static Task<int> GenericScope(string host)
        => Generic.Scoped(Sockets.Connect(host, 11211), async s => (await s.Opened).RemoteAddress?.Length ?? 0);

    public static Task<bool> GenericClosing(string host)
        => Generic.Closing(Sockets.Connect(host, 11211), async s => (await s.Opened).RemoteAddress is not null);

    public static async Task ConcreteFramer(string host)
    {
        var s = Sockets.Connect(host, 11211); // expect: WSK007
        await new LineFramer().WriteFrameAsync(s, "version");
    }

    public static async Task<string> StreamReaderBorrows(string host)
    {
        var s = Sockets.Connect(host, 11211);
        using var reader = new System.IO.StreamReader(s.Stream, leaveOpen: true);
        var line = await reader.ReadLineAsync() ?? "";
        await s.CloseAsync();
        return line;
    }
}
