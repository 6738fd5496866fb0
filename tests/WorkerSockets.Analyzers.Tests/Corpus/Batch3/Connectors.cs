// Batch 3: connectors with async factories, wrappers, borrowing helpers and ownership markers.
using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WorkerSockets;

namespace Corpus.Batch3.Connectors;

public static class Wire
{
    public static async Task SendAsync(WorkerSocket socket, ReadOnlyMemory<byte> data) => await socket.Writable.WriteAsync(data);

    public static void Trace(ILogger logger, WorkerSocket socket) => logger.LogDebug("socket {Transport}", socket.SecureTransport);

    public static async Task ShutdownAsync(WorkerSocket socket)
    {
        await socket.Writable.CompleteAsync();
        await socket.CloseAsync();
    }

    public static Task AdoptAsync([TakesOwnership] WorkerSocket socket, List<WorkerSocket> pool)
    {
        pool.Add(socket);
        return Task.CompletedTask;
    }
}

public sealed class Connector(string host, int port)
{
    public WorkerSocket Open() => Sockets.Connect(host, port);

    public WorkerSocket OpenSecure() => Sockets.Connect(new DnsEndPoint(host, port), new SocketOptions { SecureTransport = SecureTransport.On });

    public async Task<WorkerSocket> OpenReadyAsync()
    {
        var socket = Sockets.Connect(host, port);
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
}

public static class ConnectorUse
{
    public static async Task SendOnceAsync(Connector connector, byte[] data, ILogger logger)
    {
        var socket = connector.Open();
        Wire.Trace(logger, socket);
        await Wire.SendAsync(socket, data);
        await Wire.ShutdownAsync(socket);
    }

    public static async Task SendLeakAsync(Connector connector, byte[] data, ILogger logger)
    {
        var socket = connector.Open(); // expect: WSK007
        Wire.Trace(logger, socket);
        await Wire.SendAsync(socket, data);
    }

    public static async Task SendSecureLeakAsync(Connector connector, byte[] data)
    {
        var socket = connector.OpenSecure(); // expect: WSK007
        await Wire.SendAsync(socket, data);
        logger(socket);

        static void logger(WorkerSocket s) => Console.WriteLine(s.SecureTransport);
    }

    public static async Task ReadyAsync(Connector connector)
    {
        await using var socket = await connector.OpenReadyAsync();
        await socket.Writable.FlushAsync();
    }

    public static async Task AdoptedAsync(string host, List<WorkerSocket> pool)
    {
        var socket = Sockets.Connect(host, 7800);
        await socket.Opened;
        await Wire.AdoptAsync(socket, pool);
    }

    public static async Task LoggedOnlyAsync(string host, ILogger logger)
    {
        var socket = Sockets.Connect(host, 7800); // expect: WSK007
        logger.LogInformation("opened {Socket}", socket);
        await socket.Opened;
    }

    public static async Task ThrowIfNullThenCloseAsync(string host)
    {
        var socket = Sockets.Connect(host, 7800);
        ArgumentNullException.ThrowIfNull(socket);
        await socket.Opened;
        await socket.CloseAsync();
    }

    // A socket whose early-return path skips the close.
    public static async Task<bool> HandshakeAsync(string host, Func<WorkerSocket, Task<bool>> handshake)
    {
        var socket = Sockets.Connect(host, 7800); // expect: WSK007
        if (!await handshake(socket))
        {
            return false;
        }

        await socket.CloseAsync();
        return true;
    }

    // Reassigned while the first is still open.
    public static async Task SwitchHostAsync(string primary, string fallback)
    {
        var socket = Sockets.Connect(primary, 7800); // expect: WSK007
        socket = Sockets.Connect(fallback, 7800);
        await socket.CloseAsync();
    }

    // Reassigned after closing the first.
    public static async Task SwitchHostClosedAsync(string primary, string fallback)
    {
        var socket = Sockets.Connect(primary, 7800);
        await socket.CloseAsync();
        socket = Sockets.Connect(fallback, 7800);
        await socket.CloseAsync();
    }
}
