// Batch 2: connection factories, a request-scoped pool, generic helpers and IAsyncDisposable wrappers.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.Factories;

public interface ISocketFactory
{
    WorkerSocket Open(string service);
}

public sealed class ConfiguredSocketFactory(IReadOnlyDictionary<string, string> addresses) : ISocketFactory
{
    public WorkerSocket Open(string service) =>
        addresses.TryGetValue(service, out var address)
            ? Sockets.Connect(address)
            : throw new KeyNotFoundException($"No address configured for {service}.");
}

public sealed class EndpointFactory
{
    private readonly SocketOptions _options = new() { AllowHalfOpen = true };

    public WorkerSocket Open(EndPoint endpoint) => Sockets.Connect(endpoint, _options);

    public WorkerSocket OpenDns(string host, int port)
    {
        var endpoint = new DnsEndPoint(host, port);
        return Sockets.Connect(endpoint, _options);
    }
}

/// <summary>Created per request; closes what it lent out when the request is done.</summary>
public sealed class RequestSocketPool : IAsyncDisposable
{
    private readonly List<WorkerSocket> _open = new();

    public WorkerSocket Rent(string address)
    {
        var socket = Sockets.Connect(address);
        _open.Add(socket);
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_open.Select(s => s.CloseAsync()));
        _open.Clear();
    }
}

public static class SocketHelpers
{
    public static async Task<T> WithSocketAsync<T>(string address, Func<WorkerSocket, Task<T>> body)
    {
        await using var socket = Sockets.Connect(address);
        return await body(socket);
    }

    public static T WithSocket<T>(WorkerSocket socket, Func<WorkerSocket, T> body) => body(socket);

    public static async Task<string?> RemoteOfAsync(ISocketFactory factory, string service)
    {
        var socket = factory.Open(service);
        await using (socket)
        {
            var info = await socket.Opened;
            return info.RemoteAddress;
        }
    }

    public static async Task<int> UsesGenericHelperAsync(string address)
    {
        var socket = Sockets.Connect(address); // expect: WSK007
        var hash = WithSocket(socket, s => s.GetHashCode());
        await socket.Opened;
        return hash;
    }

    public static async Task<int> UsesGenericHelperAndClosesAsync(string address)
    {
        var socket = Sockets.Connect(address);
        try
        {
            return WithSocket(socket, s => s.SecureTransport == SecureTransport.On ? 1 : 0);
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    public static Task<SocketInfo> ViaLambdaHelperAsync(string address) =>
        WithSocketAsync(address, async s => await s.Opened);

    public static async Task<string?> PooledAsync(string a, string b)
    {
        await using var pool = new RequestSocketPool();
        var first = pool.Rent(a);
        var second = pool.Rent(b);
        var infos = await Task.WhenAll(first.Opened, second.Opened);
        return infos[0].RemoteAddress ?? infos[1].RemoteAddress;
    }

    // The factory result is never closed.
    public static async Task<bool> IsSecureAsync(EndpointFactory factory, string host)
    {
        var socket = factory.OpenDns(host, 5432); // expect: WSK007
        await socket.Opened;
        return socket.SecureTransport == SecureTransport.On;
    }

    public static async Task<bool> IsSecureClosedAsync(EndpointFactory factory, string host)
    {
        await using var socket = factory.OpenDns(host, 5432);
        await socket.Opened;
        return socket.SecureTransport == SecureTransport.On;
    }
}

/// <summary>An owning wrapper: whatever it is given, it closes.</summary>
public sealed class OwnedSocket : IAsyncDisposable
{
    public OwnedSocket(WorkerSocket socket) => Socket = socket ?? throw new ArgumentNullException(nameof(socket));

    public WorkerSocket Socket { get; }

    public static OwnedSocket Open(string host, int port) => new(Sockets.Connect(host, port));

    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}

public static class OwnedSocketUse
{
    public static async Task<string?> RemoteAsync(string host)
    {
        await using var owned = OwnedSocket.Open(host, 5432);
        return (await owned.Socket.Opened).RemoteAddress;
    }

    public static async Task<string?> RemoteWrappedAsync(string host)
    {
        var raw = Sockets.Connect(host, 5432);
        await using var owned = new OwnedSocket(raw);
        return (await owned.Socket.Opened).RemoteAddress;
    }

    // Checked for null and then dropped.
    public static async Task<string?> CheckedButLeakedAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        ArgumentNullException.ThrowIfNull(socket);
        return (await socket.Opened).RemoteAddress;
    }
}
