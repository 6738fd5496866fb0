// Factories, connection wrappers and handler lambdas, as a team would write them around WorkerSockets.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Factories;

interface IConnectionFactory
{
    WorkerSocket Open(string address);
}

sealed class DirectFactory : IConnectionFactory
{
    public WorkerSocket Open(string address) => Sockets.Connect(address);
}

sealed class TlsFactory(SocketOptions options) : IConnectionFactory
{
    public WorkerSocket Open(string address)
    {
        var socket = Sockets.Connect(address, options);
        return socket.StartTls();
    }
}

sealed class PgConnection : IAsyncDisposable
{
    private readonly WorkerSocket socket;
    private readonly StreamReader reader;

    private PgConnection(WorkerSocket socket)
    {
        this.socket = socket;
        reader = new StreamReader(socket.Stream);
    }

    public static async Task<PgConnection> OpenAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        await socket.Opened;
        return new PgConnection(socket);
    }

    public static async Task<PgConnection?> TryOpenAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        try
        {
            await socket.Opened;
        }
        catch (Exception)
        {
            await socket.CloseAsync();
            return null;
        }

        return new PgConnection(socket);
    }

    public Task<string?> ReadLineAsync() => reader.ReadLineAsync();

    public async ValueTask DisposeAsync()
    {
        reader.Dispose();
        await socket.DisposeAsync();
    }
}

sealed class Handlers(IConnectionFactory factory)
{
    public async Task<string?> Query(string host)
    {
        await using var connection = await PgConnection.OpenAsync(host);
        return await connection.ReadLineAsync();
    }

    public async Task<string?> QueryLeaking(string host)
    {
        var connection = await PgConnection.OpenAsync(host);
        return await connection.ReadLineAsync();
    }

    public async Task ThroughFactory()
    {
        await using var socket = factory.Open("cache.internal:6379");
        await socket.Opened;
    }

    public async Task ThroughFactoryLeaking()
    {
        var socket = factory.Open("cache.internal:6379");
        await socket.Opened;
    }

    public Func<WorkerContext, Task> Endpoint(string host) => async ctx =>
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await socket.Opened;
        if (host.Length == 0)
        {
            return;
        }

        await socket.CloseAsync();
    };

    public Func<WorkerContext, Task> EndpointClosed(string host) => async ctx =>
    {
        await using var socket = Sockets.Connect(host, 6379);
        await socket.Opened;
    };

    public Task Run(WorkerContext ctx, string host) => WorkerContext.RunAsync(async inner =>
    {
        var socket = Sockets.Connect(host, 6379);
        inner.WaitUntil(socket.CloseAsync());
        await Task.CompletedTask;
    });

    public async Task<(WorkerSocket Socket, SocketInfo Info)> OpenWithInfo(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        var info = await socket.Opened;
        return (socket, info);
    }

    public async Task<List<WorkerSocket>> OpenPair(string host)
    {
        var a = Sockets.Connect(host, 7001);
        var b = Sockets.Connect(host, 7002);
        await Task.WhenAll(a.Opened, b.Opened);
        return new List<WorkerSocket> { a, b };
    }

    public async Task Tunnel(string host, Stream client)
    {
        await using var upstream = Sockets.Connect(host, 8443);
        await Task.WhenAll(client.CopyToAsync(upstream.Stream), upstream.Stream.CopyToAsync(client));
    }

    public async Task TunnelLeaking(string host, Stream client)
    {
        var upstream = Sockets.Connect(host, 8443); // expect: WSK007
        await client.CopyToAsync(upstream.Stream);
    }

    public async Task Deferred(WorkerContext ctx, string host)
    {
        var socket = Sockets.Connect(host, 8443);
        async Task CloseLater()
        {
            await Task.Delay(10);
            await socket.CloseAsync();
        }

        ctx.WaitUntil(CloseLater());
        await socket.Opened;
    }

    public void Blocking(string host)
    {
        using var done = new System.Threading.ManualResetEventSlim();
        var socket = Sockets.Connect(host, 8443);
        socket.Closed.Wait(); // expect: WSK009
        socket.DisposeAsync().AsTask().GetAwaiter().GetResult(); // expect: WSK009
        done.Set();
    }
}
