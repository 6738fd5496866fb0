namespace WorkerSockets.Hosting;

/// <summary>The local dev server: runs a worker on <c>http://127.0.0.1:8787</c>, as <c>wrangler dev</c> does.</summary>
public static class WorkerHost
{
    /// <summary>Serves <typeparamref name="TWorker"/> until the process is stopped (Ctrl+C).</summary>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class.</typeparam>
    /// <param name="args">Command-line arguments; <c>--port N</c> changes the port.</param>
    /// <returns>A task that completes when the server stops.</returns>
    public static Task RunAsync<TWorker>(string[] args)
        where TWorker : IWorker
        => throw new NotImplementedException();
}
