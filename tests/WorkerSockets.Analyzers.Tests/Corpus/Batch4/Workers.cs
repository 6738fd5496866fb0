// Batch 4: [Worker] classes: what may live on the one shared instance and what must stay in the request.
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Corpus.Batch4.Hosting;
using WorkerSockets;

namespace Corpus.Batch4.Workers;

public sealed class Connection
{
    public WorkerSocket? Socket { get; set; }
}

[Worker]
public sealed partial class InventoryWorker
{
    private static WorkerSocket? lastUsed;
    private readonly List<WorkerSocket> open = new();
    private readonly Hyperdrive database = new("postgres://app@db.internal:5432/inventory");
    private WorkerSocket? cached;

    public WorkerSocket? Current { get; set; }

    public async Task<IResult> Fetch(WorkerContext ctx, string path)
    {
        switch (path)
        {
            case "/static":
            {
                var socket = database.Connect();
                lastUsed = socket; // expect: WSK003
                await socket.Opened.ConfigureAwait(false);
                return Results.Ok();
            }

            case "/property":
            {
                var socket = database.Connect();
                Current = socket; // expect: WSK003
                return Results.Ok();
            }

            case "/list":
            {
                var socket = database.Connect();
                open.Add(socket); // expect: WSK003
                return Results.Ok();
            }

            case "/cas":
            {
                var socket = database.Connect();
                if (Interlocked.CompareExchange(ref cached, socket, null) is not null) // expect: WSK003
                {
                    await socket.CloseAsync().ConfigureAwait(false);
                }

                return Results.Ok();
            }

            case "/request-object":
            {
                var connection = new Connection { Socket = database.Connect() };
                await using (connection.Socket)
                {
                    await connection.Socket.Opened.ConfigureAwait(false);
                }

                return Results.Ok();
            }

            case "/local-list":
            {
                var sockets = new List<WorkerSocket> { database.Connect(), database.Connect() };
                foreach (var socket in sockets)
                {
                    await socket.CloseAsync().ConfigureAwait(false);
                }

                return Results.Ok();
            }

            case "/background":
            {
                var socket = database.Connect();
                var pump = Task.Run(PumpAsync); // expect: WSK003
                return Results.Ok(pump.Id);

                async Task PumpAsync()
                {
                    await socket.Opened.ConfigureAwait(false);
                    await socket.CloseAsync().ConfigureAwait(false);
                }
            }

            case "/background-kept":
            {
                var socket = database.Connect();
                var pump = Task.Run(async () =>
                {
                    await socket.Opened.ConfigureAwait(false);
                    await socket.CloseAsync().ConfigureAwait(false);
                });
                ctx.WaitUntil(pump);
                return Results.Ok();
            }

            default:
                return Results.NotFound();
        }
    }
}
