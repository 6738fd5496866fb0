namespace WorkerSockets.Benchmarks.Infrastructure;

/// <summary>Runs benchmark bodies the way a handler runs: inside <see cref="WorkerContext.RunAsync"/>, as the platform requires.</summary>
public static class InRequest
{
    /// <summary>Connects to <paramref name="address"/> in a new request scope, waits for <see cref="WorkerSocket.Opened"/>, runs <paramref name="use"/>, and closes.</summary>
    public static async Task<long> WithSocketAsync(string address, SocketOptions? options, SocketPolicy policy, Func<WorkerSocket, Task<long>> use)
    {
        long result = 0;
        await WorkerContext.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect(address, options);
                await using (socket.ConfigureAwait(false))
                {
                    await socket.Opened.ConfigureAwait(false);
                    result = await use(socket).ConfigureAwait(false);
                }
            },
            policy).ConfigureAwait(false);
        return result;
    }
}
