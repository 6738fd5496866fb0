using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace WorkerSockets.Hosting;

/// <summary>Serves a worker's <c>Connect</c> handler on a Kestrel endpoint: raw TCP, one request scope per connection.</summary>
public static class WorkerConnectionsListenOptionsExtensions
{
    /// <summary>
    /// Serves <typeparamref name="TWorker"/>'s <c>Connect</c> handler on this endpoint, through Kestrel's connection
    /// pipeline (the endpoint speaks no HTTP). Bindings are read now from the app's <see cref="IConfiguration"/>, as
    /// <c>MapWorker</c> reads them. Each connection runs in its own <see cref="WorkerContext"/> with the
    /// <see cref="WorkerHostOptions.Policy"/> (<see cref="SocketPolicy.Production"/> unless configured): the sockets it
    /// opens count toward its six, end with it, and are aborted when the client leaves. When the configuration has a
    /// certificate under <see cref="WorkerConnectionCertificate.SectionName"/>, connections are TLS, terminated by
    /// Kestrel's own <c>UseHttps</c> connection middleware.
    /// </summary>
    /// <example><code>
    /// builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(6380, listen => listen.MapWorkerConnections&lt;RedisGateway&gt;()));
    /// </code></example>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class with a <c>Connect</c> handler.</typeparam>
    /// <param name="listen">The Kestrel endpoint (from <c>Listen</c>, <c>ListenLocalhost</c> or <c>ListenAnyIP</c>).</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    /// <exception cref="InvalidOperationException">The configured certificate cannot be loaded.</exception>
    public static ListenOptions MapWorkerConnections<TWorker>(this ListenOptions listen)
        where TWorker : IWorkerConnections
    {
        ArgumentNullException.ThrowIfNull(listen);

        var services = listen.ApplicationServices;
        var configuration = services.GetRequiredService<IConfiguration>();
        var development = services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
        var connect = TWorker.CreateConnect(new WorkerBindings(name => configuration[name]) { IsDevelopment = development });

        var options = services.GetService<IOptions<WorkerHostOptions>>()?.Value ?? new WorkerHostOptions();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(TWorker)) ?? NullLogger.Instance;
        var scopeOptions = new WorkerContextOptions { Policy = options.Policy ?? SocketPolicy.Production, Logger = logger };

        if (WorkerConnectionCertificate.Load(configuration) is { } certificate)
            listen.UseHttps(certificate);

        // What UseConnectionHandler<T>() does, with the handler made here instead of activated by reflection.
        var handler = new WorkerConnectionHandler(connect, scopeOptions, logger);
        listen.Run(handler.OnConnectedAsync);
        return listen;
    }
}
