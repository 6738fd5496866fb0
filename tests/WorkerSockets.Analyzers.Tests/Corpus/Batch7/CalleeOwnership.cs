// Batch 7 (root cause 1): ownership decided by what the callee does with the socket, in the forms other developers use.
// Written from docs/rules/WSK007.md ("How ownership is decided") before the analyzers were read.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch7.CalleeOwnership;

public static class Wire
{
    public static async Task SendLineAsync(WorkerSocket socket, string line) =>
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    public static async Task ShutdownAsync(WorkerSocket socket)
    {
        try
        {
            await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes("QUIT\r\n"));
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    // Closes only when the peer agreed; the page says a body that closes the parameter takes ownership (ambiguous: one path).
    public static async Task<bool> SayGoodbyeAsync(WorkerSocket socket)
    {
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes("BYE\r\n"));
        var result = await socket.Readable.ReadAsync();
        if (result.Buffer.Length > 0)
        {
            await socket.CloseAsync();
            return true;
        }

        return false;
    }

    // Passes it on to a callee that closes it: ownership travels.
    public static Task FinishAsync(WorkerSocket socket) => ShutdownAsync(socket);

    public static async Task<T> UseAsync<T>(WorkerSocket socket, Func<WorkerSocket, Task<T>> body)
    {
        await socket.Opened;
        return await body(socket);
    }

    public static async Task<T> UseThenCloseAsync<T>(WorkerSocket socket, Func<WorkerSocket, Task<T>> body)
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

    public static async Task CloseAllAsync(params WorkerSocket[] sockets)
    {
        foreach (var socket in sockets)
        {
            await socket.CloseAsync();
        }
    }

    public static void TraceAll(params WorkerSocket[] sockets) => Console.WriteLine(sockets.Length);

    public static bool IsSecure(in WorkerSocket socket) => socket.SecureTransport != SecureTransport.Off;

    public static async Task PingAsync(WorkerSocket socket, int depth)
    {
        await socket.Writable.WriteAsync(new byte[] { 0x01 });
        if (depth > 0)
        {
            await PingAsync(socket, depth - 1);
        }
    }

    public static (WorkerSocket Socket, int Attempts) Tag(WorkerSocket socket, int attempts) => (socket, attempts);

    public static void Keep(List<WorkerSocket> into, WorkerSocket socket) => into.Add(socket);

    public static Task AdoptAsync([TakesOwnership] WorkerSocket socket) => Pool.ParkAsync(socket);
}

public static class Pool
{
    // A pool whose body only logs: ownership comes from the attribute on AdoptAsync alone.
    public static Task ParkAsync(WorkerSocket socket)
    {
        Console.WriteLine(socket.SecureTransport);
        return Task.CompletedTask;
    }
}

public static class SocketWriting
{
    public static async Task WriteLineAsync(this WorkerSocket socket, string line) =>
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));

    public static async Task QuitAsync(this WorkerSocket socket)
    {
        await socket.WriteLineAsync("QUIT");
        await socket.CloseAsync();
    }
}

public sealed class RedisConnection
{
    private readonly WorkerSocket _socket;

    public RedisConnection(WorkerSocket socket) => _socket = socket;

    public static RedisConnection Wrap(WorkerSocket socket) => new(socket);

    public Task CloseAsync() => _socket.CloseAsync();
}

public sealed class SmtpSession
{
    private WorkerSocket? _socket;

    public async Task<bool> GreetAsync(WorkerSocket socket)
    {
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("EHLO worker\r\n"));
        return (await socket.Readable.ReadAsync()).Buffer.Length > 0;
    }

    public void Attach(WorkerSocket socket) => _socket = socket;

    public Task EndAsync() => _socket?.CloseAsync() ?? Task.CompletedTask;
}

public interface IProtocol
{
    Task HandshakeAsync(WorkerSocket socket);
}

public sealed class PlainProtocol : IProtocol
{
    public Task HandshakeAsync(WorkerSocket socket) => socket.Writable.WriteAsync(new byte[] { 0 }).AsTask();
}

public abstract class ProtocolBase
{
    public virtual Task HelloAsync(WorkerSocket socket) => socket.Writable.WriteAsync(new byte[] { 1 }).AsTask();
}

public static class Handlers
{
    public static async Task HelperOnlyWrites(string host)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await Wire.SendLineAsync(socket, "PING");
    }

    public static async Task HelperCloses(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await Wire.SendLineAsync(socket, "PING");
        await Wire.ShutdownAsync(socket);
    }

    public static async Task HelperClosesThroughAnother(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await Wire.FinishAsync(socket);
    }

    public static async Task HelperClosesOnOnePath(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        _ = await Wire.SayGoodbyeAsync(socket);
    }

    public static async Task NamedArguments(string host)
    {
        var socket = Sockets.Connect(host, 6379); // expect: WSK007
        await Wire.SendLineAsync(line: "PING", socket: socket);
    }

    public static async Task NamedArgumentsClose(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await Wire.ShutdownAsync(socket: socket);
    }

    public static async Task ExtensionOnlyWrites(string host)
    {
        var socket = Sockets.Connect(host, 110); // expect: WSK007
        await socket.WriteLineAsync("STAT");
    }

    public static async Task ExtensionCloses(string host)
    {
        var socket = Sockets.Connect(host, 110);
        await socket.WriteLineAsync("STAT");
        await socket.QuitAsync();
    }

    public static async Task GenericBorrow(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        var length = await Wire.UseAsync(socket, async s => (await s.Readable.ReadAsync()).Buffer.Length);
        Console.WriteLine(length);
    }

    public static async Task<long> GenericCloses(string host)
    {
        var socket = Sockets.Connect(host, 5432);
        return await Wire.UseThenCloseAsync(socket, async s => (await s.Readable.ReadAsync()).Buffer.Length);
    }

    public static async Task ParamsCloseAll(string host)
    {
        var a = Sockets.Connect(host, 7001);
        var b = Sockets.Connect(host, 7002);
        await Task.WhenAll(a.Opened, b.Opened);
        await Wire.CloseAllAsync(a, b);
    }

    public static async Task ParamsOnlyTrace(string host)
    {
        var a = Sockets.Connect(host, 7001); // expect: WSK007
        Wire.TraceAll(a);
        await a.Opened;
    }

    public static async Task InParameter(string host)
    {
        var socket = Sockets.Connect(host, 7001); // expect: WSK007
        if (Wire.IsSecure(in socket))
        {
            await socket.Opened;
        }
    }

    public static async Task Recursive(string host)
    {
        var socket = Sockets.Connect(host, 7001); // expect: WSK007
        await Wire.PingAsync(socket, 3);
    }

    public static async Task MetadataBorrows(string host)
    {
        var socket = Sockets.Connect(host, 7001); // expect: WSK007
        ArgumentNullException.ThrowIfNull(socket);
        Console.WriteLine(socket);
        GC.KeepAlive(socket);
        await socket.Opened;
    }

    public static RedisConnection ConstructorInSource(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        return new RedisConnection(socket);
    }

    public static RedisConnection FactoryMethodWraps(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        return RedisConnection.Wrap(socket);
    }

    public static (WorkerSocket Socket, int Attempts) IntoTuple(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        return Wire.Tag(socket, 1);
    }

    public static List<WorkerSocket> IntoCollectionHelper(string host)
    {
        var all = new List<WorkerSocket>();
        var socket = Sockets.Connect(host, 6379);
        Wire.Keep(all, socket);
        return all;
    }

    public static async Task AttributeOwner(string host)
    {
        var socket = Sockets.Connect(host, 6379);
        await socket.Opened;
        await Wire.AdoptAsync(socket);
    }

    public static async Task InstanceGreetOnly(string host)
    {
        var session = new SmtpSession();
        var socket = Sockets.Connect(host, 587); // expect: WSK007
        if (!await session.GreetAsync(socket))
        {
            return;
        }

        await socket.CloseAsync();
    }

    public static async Task InstanceAttach(string host)
    {
        var session = new SmtpSession();
        var socket = Sockets.Connect(host, 587);
        session.Attach(socket);
        await session.EndAsync();
    }

    public static async Task InterfaceCall(IProtocol protocol, string host)
    {
        var socket = Sockets.Connect(host, 9000); // expect: WSK007
        await protocol.HandshakeAsync(socket);
    }

    public static async Task VirtualCall(ProtocolBase protocol, string host)
    {
        var socket = Sockets.Connect(host, 9000); // expect: WSK007
        await protocol.HelloAsync(socket);
    }

    public static async Task LocalFunctionBorrows(string host)
    {
        var socket = Sockets.Connect(host, 9000); // expect: WSK007
        await Send(socket);

        static async Task Send(WorkerSocket s) => await s.Writable.WriteAsync(new byte[] { 7 });
    }

    public static async Task LocalFunctionCloses(string host)
    {
        var socket = Sockets.Connect(host, 9000);
        await SendAndClose(socket);

        static async Task SendAndClose(WorkerSocket s)
        {
            await s.Writable.WriteAsync(new byte[] { 7 });
            await s.CloseAsync();
        }
    }

    public static async Task DelegateBorrows(string host)
    {
        Func<WorkerSocket, Task> send = s => s.Writable.WriteAsync(new byte[] { 9 }).AsTask();
        var socket = Sockets.Connect(host, 9000); // expect: WSK007
        await send(socket);
    }

    public static async Task HandshakeThenReturnEarly(string host)
    {
        var other = Sockets.Connect(host, 5432); // expect: WSK007
        if (!await HandshakeAsync(other))
        {
            return;
        }

        await other.CloseAsync();
    }

    public static async Task HandshakeClosesOnFailure(string host)
    {
        var other = Sockets.Connect(host, 5432);
        if (!await HandshakeAsync(other))
        {
            await other.CloseAsync();
            return;
        }

        await other.CloseAsync();
    }

    private static async Task<bool> HandshakeAsync(WorkerSocket socket)
    {
        await socket.Writable.WriteAsync(new byte[] { 0, 0, 0, 8 });
        var read = await socket.Readable.ReadAsync();
        socket.Readable.AdvanceTo(read.Buffer.End);
        return !read.Buffer.IsEmpty;
    }
}
