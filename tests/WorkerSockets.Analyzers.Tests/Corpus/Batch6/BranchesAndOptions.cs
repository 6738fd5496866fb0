// Batch 6, seventh round: sockets assigned in both branches, TLS on 443, dropped disposals beside await using,
// blocking in constructors, factories whose options the StartTls page cannot see.
using System;
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.BranchesAndOptions;

public static class Branches
{
    // Assigned once on each branch, closed after: one socket on every path.
    public static async Task EitherBranchAsync(string primary, string fallback, bool usePrimary)
    {
        WorkerSocket socket;
        if (usePrimary)
        {
            socket = Sockets.Connect(primary);
        }
        else
        {
            socket = Sockets.Connect(fallback);
        }

        await socket.Opened;
        await socket.CloseAsync();
    }

    // Assigned on each branch, closed only on one.
    public static async Task EitherBranchLeakyAsync(string primary, string fallback, bool usePrimary)
    {
        WorkerSocket socket;
        if (usePrimary)
        {
            socket = Sockets.Connect(primary); // expect: WSK007
        }
        else
        {
            socket = Sockets.Connect(fallback); // expect: WSK007
        }

        await socket.Opened;
        if (usePrimary)
        {
            await socket.CloseAsync();
        }
    }

    // await using plus a stray explicit dispose that drops its task.
    public static async Task DoubleDisposeAsync(string address)
    {
        await using var socket = Sockets.Connect(address);
        await socket.Opened;
        socket.DisposeAsync(); // expect: WSK002
    }
}

public static class HttpsByHand
{
    public static async Task TlsOn443Async(string host)
    {
        await using var socket = Sockets.Connect(host, 443, new SocketOptions { SecureTransport = SecureTransport.On }); // expect: WSK010
        await socket.Opened;
    }

    public static async Task AltHttpsPortAsync(string host)
    {
        await using var socket = Sockets.Connect(new DnsEndPoint(host, 8443), new SocketOptions { SecureTransport = SecureTransport.On });
        await socket.Opened;
    }
}

public sealed class EagerChannel
{
    private readonly WorkerSocket _socket;

    // A constructor that blocks until the socket is open.
    public EagerChannel(string address)
    {
        _socket = Sockets.Connect(address);
        _socket.Opened.GetAwaiter().GetResult(); // expect: WSK009
    }

    public Task CloseAsync() => _socket.CloseAsync();
}

public static class FactoryOptions
{
    private static WorkerSocket OpenPlain(string host) => Sockets.Connect(host, 587);

    // The options live in the factory, out of the StartTls page's reach (it follows the Connect call or a local): quiet.
    public static async Task UpgradeFactorySocketAsync(string host)
    {
        var socket = OpenPlain(host);
        await using var tls = socket.StartTls();
        await tls.Opened;
    }
}
