using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace WorkerSockets.Hosting;

/// <summary>A dev server started by <see cref="WorkerHost.StartAsync{TWorker}"/>; dispose it to stop it.</summary>
public sealed class RunningWorkerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningWorkerHost(WebApplication app, Uri address, string summary)
    {
        _app = app;
        Address = address;
        Summary = summary;
    }

    /// <summary>The host environment, wrangler environment and socket policy in effect, as the dev server prints them.</summary>
    internal string Summary { get; }

    /// <summary>The address the server listens on, with the actual port, e.g. <c>http://127.0.0.1:8787/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Stops accepting requests and waits for those in flight (and their <c>WaitUntil</c> work) to finish.</summary>
    /// <param name="cancellationToken">Ends the graceful wait early.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Waits until the server is shut down (Ctrl+C, SIGTERM or <see cref="StopAsync"/>).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when shutdown is triggered.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server (if running) and releases it.</summary>
    /// <returns>A task that completes when the server is stopped and disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
