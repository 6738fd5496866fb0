// Batch 4: DI-registered services, hosted services and MVC-style controllers that hold or open sockets.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Corpus.Batch4.Hosting;
using WorkerSockets;

namespace Corpus.Batch4.Services;

public sealed record QueueOptions
{
    public string Host { get; init; } = "queue.internal";

    public int Port { get; init; } = 5672;
}

public interface IQueuePublisher
{
    Task PublishAsync(string message, CancellationToken ct);
}

/// <summary>Scoped: one per request, so it may hold the request's socket and close it when the scope ends.</summary>
public sealed class ScopedQueuePublisher(IOptions<QueueOptions> options) : IQueuePublisher, IAsyncDisposable
{
    private WorkerSocket? socket;

    public async Task PublishAsync(string message, CancellationToken ct)
    {
        socket ??= Sockets.Connect(options.Value.Host, options.Value.Port);
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(message), ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (socket is not null)
        {
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }
}

public sealed class SingletonQueuePublisher(IOptions<QueueOptions> options) : IQueuePublisher
{
    private static WorkerSocket? shared;

    public async Task PublishAsync(string message, CancellationToken ct)
    {
        shared ??= Sockets.Connect(options.Value.Host, options.Value.Port); // expect: WSK003
        await shared.Writable.WriteAsync(Encoding.UTF8.GetBytes(message), ct).ConfigureAwait(false);
    }
}

public sealed class HeartbeatService(IOptions<QueueOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await using (var socket = Sockets.Connect(options.Value.Host, options.Value.Port))
            {
                await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("PING\n"), stoppingToken).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken).ConfigureAwait(false);
        }
    }
}

public sealed class ListenerService(IOptions<QueueOptions> options) : IHostedService
{
    private WorkerSocket? socket;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        socket = Sockets.Connect(options.Value.Host, options.Value.Port);
        return socket.Opened;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        socket?.CloseAsync(); // expect: WSK002
        return Task.CompletedTask;
    }
}

public static class Registration
{
    public static void AddQueue(IServiceCollection services, QueueOptions queue)
    {
        services.AddScoped<IQueuePublisher>(sp => new ScopedQueuePublisher(new StaticOptions<QueueOptions>(queue)));
        services.AddScoped(sp => new OrderClient(Sockets.Connect(queue.Host, 7000)));
    }

    private sealed record StaticOptions<T>(T Value) : IOptions<T>;
}

public sealed class OrderClient(WorkerSocket socket) : IAsyncDisposable
{
    public Task<SocketInfo> ReadyAsync() => socket.Opened;

    public ValueTask DisposeAsync() => socket.DisposeAsync();
}

public sealed class OrdersController(IQueuePublisher publisher, OrderClient orders) : ControllerBase
{
    [HttpGet("/orders/{id}")]
    public async Task<IResult> Get(int id, CancellationToken ct)
    {
        await orders.ReadyAsync().ConfigureAwait(false);
        await publisher.PublishAsync($"viewed {id}", ct).ConfigureAwait(false);
        return Ok(id);
    }

    [HttpGet("/orders/{id}/audit")]
    public async Task<IResult> Audit(int id, WorkerContext ctx)
    {
        var audit = Sockets.Connect("audit.internal", 9000);
        await audit.Writable.WriteAsync(Encoding.UTF8.GetBytes($"audit {id}\n")).ConfigureAwait(false);
        ctx.WaitUntil(audit.CloseAsync());
        return Ok();
    }

    [HttpGet("/orders/{id}/legacy")]
    public IResult Legacy(int id)
    {
        var audit = Sockets.Connect("audit.internal", 9000);
        audit.Writable.WriteAsync(Encoding.UTF8.GetBytes($"audit {id}\n")).AsTask().Wait();
        audit.CloseAsync().Wait(); // expect: WSK009
        return Ok();
    }

    [HttpGet("/orders/{id}/info")]
    public IResult Info(int id)
    {
        var audit = Sockets.Connect("audit.internal", 9000); // expect: WSK007
        var info = audit.Opened.Result; // expect: WSK009
        return Ok(info.RemoteAddress);
    }
}

[Worker]
public sealed partial class OrdersWorker
{
    private WorkerSocket? lastAudit;

    public async Task<IResult> Fetch(WorkerContext ctx)
    {
        var audit = Sockets.Connect("audit.internal", 9000);
        lastAudit = audit; // expect: WSK003
        await audit.Opened.ConfigureAwait(false);
        return Results.Ok();
    }
}
