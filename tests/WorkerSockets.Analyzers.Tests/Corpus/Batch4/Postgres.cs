// Batch 4: a PostgreSQL wire client: SSLRequest then StartTls, ValueTask helpers, and a generic repository on top.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Postgres;

public static class PgWire
{
    private static readonly byte[] SslRequest = [0, 0, 0, 8, 4, 210, 22, 47];

    public static async ValueTask<bool> RequestSslAsync(WorkerSocket socket, CancellationToken ct)
    {
        await socket.Writable.WriteAsync(SslRequest, ct).ConfigureAwait(false);
        var result = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
        var accepted = result.Buffer.FirstSpan.Length > 0 && result.Buffer.FirstSpan[0] == (byte)'S';
        socket.Readable.AdvanceTo(result.Buffer.GetPosition(1));
        return accepted;
    }

    public static async ValueTask TerminateAsync(WorkerSocket socket)
    {
        var message = new byte[5];
        message[0] = (byte)'X';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4);
        await socket.Writable.WriteAsync(message).ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
    }
}

public sealed class PgConnection : IAsyncDisposable
{
    private WorkerSocket socket;

    private PgConnection(WorkerSocket socket) => this.socket = socket;

    public static async Task<PgConnection> OpenAsync(Hyperdrive db, CancellationToken ct)
    {
        var socket = Sockets.Connect(db.Host, db.Port, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        try
        {
            if (await PgWire.RequestSslAsync(socket, ct).ConfigureAwait(false))
            {
                socket = socket.StartTls();
            }

            return new PgConnection(socket);
        }
        catch
        {
            await socket.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<int> ExecuteAsync(string sql, CancellationToken ct) => Task.FromResult(sql.Length);

    public async ValueTask DisposeAsync() => await PgWire.TerminateAsync(socket).ConfigureAwait(false);
}

public interface IRepository<T>
{
    Task<IReadOnlyList<T>> ListAsync(CancellationToken ct);
}

public sealed record Customer(int Id, string Name);

public sealed class PgRepository<T>(Hyperdrive db, Func<int, T> map) : IRepository<T>
{
    public async Task<IReadOnlyList<T>> ListAsync(CancellationToken ct)
    {
        await using var connection = await PgConnection.OpenAsync(db, ct).ConfigureAwait(false);
        var count = await connection.ExecuteAsync("SELECT id FROM items", ct).ConfigureAwait(false);
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(map(i));
        }

        return items;
    }

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        var socket = db.Connect();
        var ok = await PgWire.RequestSslAsync(socket, ct).ConfigureAwait(false);
        await PgWire.TerminateAsync(socket).ConfigureAwait(false);
        return ok;
    }

    public async Task<bool> PingLeakyAsync(CancellationToken ct)
    {
        var socket = db.Connect(); // expect: WSK007
        return await PgWire.RequestSslAsync(socket, ct).ConfigureAwait(false);
    }
}

public static class PgHandlers
{
    public static async Task<int> UpgradeManuallyAsync(Hyperdrive db, CancellationToken ct)
    {
        var plain = Sockets.Connect(db.Host, db.Port); // expect: WSK007
        if (!await PgWire.RequestSslAsync(plain, ct).ConfigureAwait(false))
        {
            return 0;
        }

        var tls = plain.StartTls(); // expect: WSK005
        await tls.Writable.WriteAsync(new byte[] { 0 }, ct).ConfigureAwait(false);
        await PgWire.TerminateAsync(tls).ConfigureAwait(false);
        return 1;
    }

    public static async Task<int> UpgradeWithOptionsAsync(Hyperdrive db, CancellationToken ct)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls, AllowHalfOpen = false };
        var socket = Sockets.Connect(db.Host, db.Port, options);
        if (!await PgWire.RequestSslAsync(socket, ct).ConfigureAwait(false))
        {
            await socket.CloseAsync().ConfigureAwait(false);
            return 0;
        }

        var tls = socket.StartTls();
        try
        {
            await tls.Writable.WriteAsync(new byte[] { 0 }, ct).ConfigureAwait(false);
        }
        finally
        {
            await socket.CloseAsync().ConfigureAwait(false); // expect: WSK006
            await tls.CloseAsync().ConfigureAwait(false);
        }

        return 1;
    }

    public static async Task CopyInAsync(Hyperdrive db, IReadOnlyList<byte[]> chunks, CancellationToken ct)
    {
        var socket = Sockets.Connect(db.Host, db.Port, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        WorkerSocket? tls = null;
        foreach (var chunk in chunks)
        {
            await socket.Writable.WriteAsync(chunk, ct).ConfigureAwait(false); // expect: WSK006
            if (tls is null && chunk.Length > 1024)
            {
                tls = socket.StartTls();
            }
        }

        if (tls is not null)
        {
            await tls.CloseAsync().ConfigureAwait(false);
        }
        else
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task<int> ListCustomersAsync(Hyperdrive db, CancellationToken ct)
    {
        var repository = new PgRepository<Customer>(db, id => new Customer(id, $"customer {id}"));
        var customers = await repository.ListAsync(ct).ConfigureAwait(false);
        return customers.Count;
    }
}
