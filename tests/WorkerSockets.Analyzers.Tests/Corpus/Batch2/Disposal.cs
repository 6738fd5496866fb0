// Batch 2: the many ways to close — using declarations and statements, try/finally, null checks, early exits.
using System;
using System.IO;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Disposal;

public static class UsingForms
{
    public static async Task<string?> DeclarationAsync(string address)
    {
        await using var socket = Sockets.Connect(address);
        return (await socket.Opened).RemoteAddress;
    }

    public static async Task<string?> StatementAsync(string address)
    {
        await using (var socket = Sockets.Connect(address))
        {
            return (await socket.Opened).RemoteAddress;
        }
    }

    public static async Task<string?> ExistingLocalAsync(string address)
    {
        var socket = Sockets.Connect(address);
        await using (socket.ConfigureAwait(false))
        {
            return (await socket.Opened.ConfigureAwait(false)).RemoteAddress;
        }
    }

    public static async Task<string?> DiscardDeclarationAsync(string address)
    {
        var socket = Sockets.Connect(address);
        await using var _ = socket.ConfigureAwait(false);
        return (await socket.Opened.ConfigureAwait(false)).RemoteAddress;
    }

    public static async Task<int> TwoInOneAsync(string a, string b)
    {
        await using WorkerSocket first = Sockets.Connect(a), second = Sockets.Connect(b);
        var infos = await Task.WhenAll(first.Opened, second.Opened);
        return infos.Length;
    }

    public static async Task<long> StreamAsync(string address, Stream destination)
    {
        await using var socket = Sockets.Connect(address);
        await using var stream = socket.Stream;
        await stream.CopyToAsync(destination);
        return destination.Length;
    }

    public static async Task TryFinallyAsync(string address, ReadOnlyMemory<byte> data)
    {
        var socket = Sockets.Connect(address);
        try
        {
            await socket.Writable.WriteAsync(data);
            await socket.Writable.FlushAsync();
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    public static async Task ConditionalCloseAsync(string address, bool keepAlive, ReadOnlyMemory<byte> data)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        await socket.Writable.WriteAsync(data);
        if (!keepAlive)
        {
            await socket.CloseAsync();
        }
    }

    public static async Task EarlyExitAsync(string address, ReadOnlyMemory<byte> data)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        if (data.IsEmpty)
        {
            return;
        }

        await socket.Writable.WriteAsync(data);
        await socket.CloseAsync();
    }

    public static async Task EarlyExitClosedAsync(string address, ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var socket = Sockets.Connect(address);
        await socket.Writable.WriteAsync(data);
        await socket.CloseAsync();
    }

    public static async Task NullableCloseAsync(string address, bool skip)
    {
        WorkerSocket? socket = skip ? null : Sockets.Connect(address);
        if (socket is not null)
        {
            await socket.Opened;
            await socket.CloseAsync();
        }
    }

    public static async Task NullConditionalCloseAsync(string address, bool skip)
    {
        var socket = skip ? null : Sockets.Connect(address);
        await (socket?.CloseAsync() ?? Task.CompletedTask);
    }

    public static void NullConditionalDropped(WorkerSocket? socket)
    {
        socket?.CloseAsync(); // expect: WSK002
    }

    public static async Task ClosedTaskKeptAsync(string address)
    {
        var socket = Sockets.Connect(address);
        var closing = socket.CloseAsync();
        await Task.Delay(10);
        await closing;
    }

    public static Task CloseReturnedAsync(WorkerSocket socket) => socket.CloseAsync();

    public static async Task DisposeDroppedAsync(string address)
    {
        var socket = Sockets.Connect(address);
        await socket.Opened;
        _ = socket.DisposeAsync(); // expect: WSK002
    }

    public static async Task CloseTwiceAsync(string address)
    {
        var socket = Sockets.Connect(address);
        try
        {
            await socket.Opened;
            await socket.CloseAsync();
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    // Returns the socket from inside its using: the caller gets a closed socket.
    public static async Task<WorkerSocket> OpenedAsync(string address)
    {
        await using var socket = Sockets.Connect(address); // expect: WSK007
        await socket.Opened;
        return socket;
    }

    // The catch swallows the failure and carries on without closing.
    public static async Task<bool> SwallowAsync(string address)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        try
        {
            await socket.Opened;
        }
        catch (IOException)
        {
            return false;
        }

        await socket.CloseAsync();
        return true;
    }

    public static async Task<bool> RethrowAsync(string address)
    {
        var socket = Sockets.Connect(address);
        try
        {
            await socket.Opened;
        }
        catch (IOException)
        {
            await socket.CloseAsync();
            throw;
        }

        await socket.CloseAsync();
        return true;
    }

    public static async Task ReplacedAsync(string primary, string secondary)
    {
        var socket = Sockets.Connect(primary); // expect: WSK007
        if (secondary.Length > 0)
        {
            socket = Sockets.Connect(secondary);
        }

        await socket.CloseAsync();
    }
}
