using RedisGateway.Resp;
using WorkerSockets;

namespace RedisGateway;

/// <summary>
/// A Redis gateway: each inbound connection speaks RESP to a Redis client and gets its own backend connection, opened
/// with <see cref="Sockets.Connect(string, SocketOptions?)"/> under the request rules; commands on the allow-list are
/// forwarded, others are answered with a RESP error.
/// </summary>
[Worker]
public partial class RedisGatewayWorker
{
    private static readonly byte[] NoBackend = "-ERR gateway: REDIS_BACKEND is not configured\r\n"u8.ToArray();
    private static readonly byte[] BackendUnavailable = "-ERR gateway: the backend Redis is unavailable\r\n"u8.ToArray();

    /// <summary>Serves one client connection until it leaves, the backend ends, or a protocol error was answered.</summary>
    /// <param name="client">The client's connection.</param>
    /// <param name="env">The bindings: the backend's address.</param>
    /// <param name="ctx">The connection's request scope.</param>
    /// <returns>A task that completes when the session is over; the host then closes the client connection.</returns>
    public async Task Connect(WorkerSocket client, Env env, WorkerContext ctx)
    {
        if (string.IsNullOrEmpty(env.Backend))
        {
            await client.Writable.WriteAsync(NoBackend);
            return;
        }

        var backend = Sockets.Connect(env.Backend);
        try
        {
            await ServeAsync(client, backend);
        }
        finally
        {
            await CloseQuietlyAsync(backend);
        }
    }

    private static async Task ServeAsync(WorkerSocket client, WorkerSocket backend)
    {
        try
        {
            await backend.Opened;
        }
        catch (IOException)
        {
            await client.Writable.WriteAsync(BackendUnavailable);
            return;
        }

        try
        {
            await new RespProxy(client, backend).RunAsync();
        }
        catch (IOException)
        {
            // The client or the backend broke the connection (a reset): the session is over either way.
        }
    }

    /// <summary>Closes the backend connection; a connection that already broke has nothing left to close cleanly.</summary>
    private static async Task CloseQuietlyAsync(WorkerSocket backend)
    {
        try
        {
            await backend.CloseAsync();
        }
        catch (IOException)
        {
            // Closed reports how the connection ended; a reset after the client left is the expected end here.
        }
    }
}
