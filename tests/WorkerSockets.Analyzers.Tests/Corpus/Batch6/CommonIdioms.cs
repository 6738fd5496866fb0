// Batch 6, third round (written after the first fixes, still annotated from the pages alone): null-checked finally
// blocks, explicit disposal of Stream views and wrappers, records that own sockets, local-function factories,
// target-typed options, thread-static caches.
using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.CommonIdioms;

public sealed record Connection(WorkerSocket Socket) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}

public static class Idioms
{
    [ThreadStatic]
    private static WorkerSocket? t_current;

    // The classic C# shape: declared null before the try, closed in the finally when not null.
    public static async Task<int> NullCheckedFinallyAsync(string address)
    {
        WorkerSocket? socket = null;
        try
        {
            socket = Sockets.Connect(address);
            var read = await socket.Readable.ReadAsync();
            return (int)read.Buffer.Length;
        }
        finally
        {
            if (socket != null)
            {
                await socket.CloseAsync();
            }
        }
    }

    // Same with a null-conditional dropped close in the finally.
    public static async Task NullConditionalFinallyAsync(string address)
    {
        WorkerSocket? socket = null;
        try
        {
            socket = Sockets.Connect(address);
            await socket.Opened;
        }
        finally
        {
            socket?.CloseAsync(); // expect: WSK002
        }
    }

    // The view disposed explicitly, not by a using: that closes the socket too.
    public static async Task ExplicitViewDisposeAsync(string address)
    {
        var socket = Sockets.Connect(address);
        var stream = socket.Stream;
        await stream.WriteAsync(Encoding.ASCII.GetBytes("hi"));
        await stream.DisposeAsync();
    }

    // A writer disposed explicitly at the end.
    public static async Task ExplicitWriterDisposeAsync(string address)
    {
        var socket = Sockets.Connect(address);
        var writer = new StreamWriter(socket.Stream);
        await writer.WriteAsync("hi");
        await writer.DisposeAsync();
    }

    // A record that owns the socket, disposed by await using.
    public static async Task RecordOwnerAsync(string address)
    {
        await using var connection = new Connection(Sockets.Connect(address));
        await connection.Socket.Opened;
    }

    // A local function factory whose socket is never closed.
    public static async Task LocalFactoryAsync(string host)
    {
        WorkerSocket Open() => Sockets.Connect(host, 7001);

        var socket = Open(); // expect: WSK007
        await socket.Opened;
    }

    // Target-typed options without the property.
    public static async Task TargetTypedOptionsAsync(string host)
    {
        SocketOptions options = new() { AllowHalfOpen = true };
        var socket = Sockets.Connect(host, 5222, options);
        await using var tls = socket.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    // Target-typed options with StartTls: fine.
    public static async Task TargetTypedStartTlsAsync(string host)
    {
        var socket = Sockets.Connect(host, 5222, new() { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        await tls.Opened;
    }

    // A thread-static cache is still static.
    public static async Task ThreadStaticAsync(string address)
    {
        t_current ??= Sockets.Connect(address); // expect: WSK003
        await t_current.Opened;
    }

    // Waiting for two opens at once, synchronously.
    public static void WaitBothOpen(WorkerSocket a, WorkerSocket b) => Task.WaitAll(a.Opened, b.Opened); // expect: WSK009

    // Opened.Wait with a token.
    public static void WaitOpen(WorkerSocket socket, CancellationToken token) => socket.Opened.Wait(token); // expect: WSK009

    // == null early return, then close.
    public static async Task EqualsNullAsync(string? address)
    {
        var socket = address == null ? null : Sockets.Connect(address);
        if (socket == null)
        {
            return;
        }

        await socket.Opened;
        await socket.CloseAsync();
    }

    // using statement (block form) over a reader on the view.
    public static async Task<string> UsingBlockReaderAsync(string address)
    {
        var socket = Sockets.Connect(address);
        using (var reader = new StreamReader(socket.Stream))
        {
            return await reader.ReadLineAsync() ?? "";
        }
    }

    // Upgrade then the old socket's Readable used to drain leftovers.
    public static async Task DrainOldAfterUpgradeAsync(string host)
    {
        var socket = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var tls = socket.StartTls();
        socket.Readable.CancelPendingRead(); // expect: WSK006
        await tls.CloseAsync();
    }
}
