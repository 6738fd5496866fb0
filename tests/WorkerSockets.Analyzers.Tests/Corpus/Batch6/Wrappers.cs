// Batch 6: wrapper classes around a socket with DisposeAsync, and factories that return them or the socket.
using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.Wrappers;

/// <summary>A line-protocol connection that owns the socket it opens.</summary>
public sealed class LineConnection : IAsyncDisposable
{
    private readonly WorkerSocket _socket;

    public LineConnection(string address) => _socket = Sockets.Connect(address);

    public async Task SendAsync(string line) => await _socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public ValueTask DisposeAsync() => _socket.DisposeAsync();
}

/// <summary>A wrapper whose DisposeAsync forgets to await the close.</summary>
public sealed class SloppyConnection : IAsyncDisposable
{
    private readonly WorkerSocket _socket;

    public SloppyConnection(WorkerSocket socket) => _socket = socket;

    public ValueTask DisposeAsync()
    {
        _socket.CloseAsync(); // expect: WSK002
        return ValueTask.CompletedTask;
    }
}

/// <summary>A wrapper that can swap its socket on reconnect.</summary>
public sealed class ReconnectingConnection : IAsyncDisposable
{
    private readonly string _address;
    private WorkerSocket _socket;

    public ReconnectingConnection(string address)
    {
        _address = address;
        _socket = Sockets.Connect(address);
    }

    public async Task ReconnectAsync()
    {
        await _socket.CloseAsync();
        _socket = Sockets.Connect(_address);
    }

    public async ValueTask DisposeAsync() => await _socket.CloseAsync();
}

public static class Factories
{
    // Plain factory: the caller owns the result.
    public static WorkerSocket Open(string host) => Sockets.Connect(host, 7000);

    // Async factory that awaits Opened and closes on failure.
    public static async Task<WorkerSocket> OpenReadyAsync(string host)
    {
        var socket = Sockets.Connect(host, 7000);
        try
        {
            await socket.Opened;
            return socket;
        }
        catch
        {
            await socket.CloseAsync();
            throw;
        }
    }

    // Factory that returns a socket after disposing it.
    public static async Task<WorkerSocket> OpenBrokenAsync(string host)
    {
        await using var socket = Sockets.Connect(host, 7000); // expect: WSK007
        await socket.Opened;
        return socket;
    }

    // ValueTask factory without async.
    public static ValueTask<WorkerSocket> OpenNow(string host) => ValueTask.FromResult(Sockets.Connect(host, 7000));
}

public static class Users
{
    public static async Task UseWrapperAsync(string address)
    {
        await using var connection = new LineConnection(address);
        await connection.SendAsync("hello");
    }

    public static async Task UseFactoryAsync(string host)
    {
        var socket = Factories.Open(host); // expect: WSK007
        await socket.Opened;
    }

    public static async Task UseFactoryClosedAsync(string host)
    {
        await using var socket = Factories.Open(host);
        await socket.Opened;
    }

    public static async Task UseReadyFactoryAsync(string host)
    {
        var socket = await Factories.OpenReadyAsync(host); // expect: WSK007
        await socket.Writable.WriteAsync(new byte[] { 1 });
    }

    public static async Task UseReadyFactoryClosedAsync(string host)
    {
        var socket = await Factories.OpenReadyAsync(host);
        try
        {
            await socket.Writable.WriteAsync(new byte[] { 1 });
        }
        finally
        {
            await socket.DisposeAsync();
        }
    }

    public static async Task UseValueTaskFactoryAsync(string host)
    {
        var socket = await Factories.OpenNow(host); // expect: WSK007
        await socket.Opened;
    }

    // A BufferedStream over the view, disposed: BufferedStream disposes what it wraps, so the socket is closed.
    public static async Task BufferedAsync(string host)
    {
        var socket = Factories.Open(host);
        await using var buffered = new BufferedStream(socket.Stream);
        await buffered.WriteAsync(Encoding.UTF8.GetBytes("hello"));
    }

    // The view disposed directly with await using.
    public static async Task StreamViewAsync(string host)
    {
        var socket = Factories.Open(host);
        await using var stream = socket.Stream;
        await stream.WriteAsync(Encoding.UTF8.GetBytes("hello"));
    }

    // A wrapper from this compilation over the view: not counted as closing (the page says so); the wrapper does close it.
    // Ambiguous for a user, but the page is explicit: "not through a wrapper class declared in your own code".
    public static async Task OwnWrapperAsync(string host)
    {
        var socket = Factories.Open(host); // expect: WSK007
        await using var framed = new FramedStream(socket.Stream);
        await framed.WriteFrameAsync(new byte[] { 1, 2, 3 });
    }
}

public sealed class FramedStream(Stream inner) : IAsyncDisposable
{
    public async Task WriteFrameAsync(byte[] payload)
    {
        await inner.WriteAsync(BitConverter.GetBytes(payload.Length));
        await inner.WriteAsync(payload);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
