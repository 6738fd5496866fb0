// Batch 5: a generic repository / unit-of-work layer over one Postgres socket per request.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch5.UnitOfWork;

public interface IEntity
{
    long Id { get; }
}

public sealed record Order(long Id, string Customer, decimal Total) : IEntity;

public sealed record Invoice(long Id, long OrderId) : IEntity;

public interface IUnitOfWork : IAsyncDisposable
{
    IRepository<T> Repository<T>()
        where T : IEntity;

    Task CommitAsync(CancellationToken ct = default);
}

public interface IRepository<T>
    where T : IEntity
{
    Task<T?> FindAsync(long id, CancellationToken ct = default);

    void Add(T entity);
}

// Owns the socket: DisposeAsync closes it, so a unit of work in `await using` releases the connection.
public sealed class PgUnitOfWork : IUnitOfWork
{
    private readonly WorkerSocket socket;
    private readonly Dictionary<Type, object> repositories = new();
    private readonly List<string> pending = new();

    private PgUnitOfWork(WorkerSocket socket) => this.socket = socket;

    public static async Task<PgUnitOfWork> BeginAsync(Hyperdrive database, CancellationToken ct = default)
    {
        var socket = database.Connect();
        try
        {
            await socket.Opened.WaitAsync(ct).ConfigureAwait(false);
            await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes("BEGIN;"), ct).ConfigureAwait(false);
            return new PgUnitOfWork(socket);
        }
        catch
        {
            await socket.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    public IRepository<T> Repository<T>()
        where T : IEntity
    {
        if (!repositories.TryGetValue(typeof(T), out var repository))
        {
            repository = new PgRepository<T>(socket, pending);
            repositories[typeof(T)] = repository;
        }

        return (IRepository<T>)repository;
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        pending.Add("COMMIT;");
        foreach (var statement in pending)
        {
            await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(statement), ct).ConfigureAwait(false);
        }

        pending.Clear();
    }

    public ValueTask DisposeAsync() => socket.DisposeAsync();
}

// Borrows the unit of work's socket: it is never closed here.
internal sealed class PgRepository<T>(WorkerSocket socket, List<string> pending) : IRepository<T>
    where T : IEntity
{
    public async Task<T?> FindAsync(long id, CancellationToken ct = default)
    {
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"SELECT * FROM {typeof(T).Name} WHERE id = {id};"), ct).ConfigureAwait(false);
        return default;
    }

    public void Add(T entity) => pending.Add($"INSERT INTO {typeof(T).Name} VALUES ({entity.Id});");
}

public static class OrderEndpoints
{
    public static async Task<Order?> GetOrder(Hyperdrive database, long id, CancellationToken ct)
    {
        await using var uow = await PgUnitOfWork.BeginAsync(database, ct).ConfigureAwait(false);
        return await uow.Repository<Order>().FindAsync(id, ct).ConfigureAwait(false);
    }

    public static async Task PlaceOrder(Hyperdrive database, Order order, CancellationToken ct)
    {
        var uow = await PgUnitOfWork.BeginAsync(database, ct).ConfigureAwait(false);
        uow.Repository<Order>().Add(order);
        uow.Repository<Invoice>().Add(new Invoice(order.Id * 10, order.Id));
        await uow.CommitAsync(ct).ConfigureAwait(false);
        await uow.DisposeAsync().ConfigureAwait(false);
    }

    public static async Task<long> CountRaw(Hyperdrive database, CancellationToken ct)
    {
        // The repository's primary constructor keeps the socket, so by the rule page it takes ownership (no report),
        // although nothing ever closes it: a known blind spot of "stored means owned".
        var socket = database.Connect();
        var repository = new PgRepository<Order>(socket, new List<string>());
        var order = await repository.FindAsync(1, ct).ConfigureAwait(false);
        return order?.Id ?? 0;
    }

    public static async Task<long> CountRawClosed(Hyperdrive database, CancellationToken ct)
    {
        var socket = database.Connect();
        try
        {
            var repository = new PgRepository<Order>(socket, new List<string>());
            var order = await repository.FindAsync(1, ct).ConfigureAwait(false);
            return order?.Id ?? 0;
        }
        finally
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }
    }
}

// A generic pool-of-one that keeps whatever it is given: T may be a socket.
public sealed class Slot<T>
    where T : class
{
    private T? value;

    public void Put(T item) => value = item;

    public T? Take()
    {
        var item = value;
        value = null;
        return item;
    }
}

public static class SlotUsage
{
    public static async Task RoundTrip(string host)
    {
        var slot = new Slot<WorkerSocket>();
        slot.Put(Sockets.Connect(host, 5432));
        var socket = slot.Take();
        if (socket is not null)
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }
}
