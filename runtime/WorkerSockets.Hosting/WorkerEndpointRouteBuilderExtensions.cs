using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace WorkerSockets.Hosting;

/// <summary>Maps a worker into an ASP.NET Core app.</summary>
public static class WorkerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <typeparamref name="TWorker"/> on <paramref name="pattern"/> for every HTTP method. The worker's bindings
    /// are read now, from the app's <see cref="IConfiguration"/> (binding name as key, e.g. <c>DB_PASSWORD</c>), and
    /// the one worker instance is created now, so missing bindings fail start-up with one
    /// <see cref="WorkerBindingException"/> naming each of them. Each request runs in its own <see cref="WorkerContext"/>
    /// with the <see cref="WorkerHostOptions.Policy"/> when one is set, else <see cref="SocketPolicy.Development"/> in the
    /// Development environment and <see cref="SocketPolicy.Production"/> in any other (the choice is logged); the wrangler
    /// environment is <c>CLOUDFLARE_ENV</c> from configuration, else the host environment's name when the config declares
    /// an environment of that name (see <see cref="WorkerBindings.HostEnvironmentName"/>); request and
    /// response bodies are streamed; <c>WaitUntil</c> work runs on after the response is complete, off the request
    /// pipeline (call <see cref="WorkerHostingServiceCollectionExtensions.AddWorkerHosting"/> so shutdown waits for it); a
    /// handler exception is logged under the worker's type name and answered with a bare 500.
    /// </summary>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class.</typeparam>
    /// <param name="endpoints">The app or route group.</param>
    /// <param name="pattern">The route pattern; every path by default.</param>
    /// <returns>The endpoint, for further conventions (authorization, rate limiting, ...).</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    public static IEndpointConventionBuilder MapWorker<TWorker>(this IEndpointRouteBuilder endpoints, string pattern = "/{**path}")
        where TWorker : IWorker
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);

        var services = endpoints.ServiceProvider;
        var configuration = services.GetRequiredService<IConfiguration>();
        var hostEnvironment = services.GetService<IHostEnvironment>();
        var options = services.GetService<IOptions<WorkerHostOptions>>()?.Value ?? new WorkerHostOptions();
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger(typeof(TWorker));
        var (policy, reason) = WorkerHostChoices.Policy(options, hostEnvironment);
        HostingLog.PolicyChosen(logger, typeof(TWorker).Name, WorkerHostChoices.Describe(policy), reason);
        var pooling = HyperdriveHosting.HyperdrivePoolSettings.IsPooling(options, configuration)
            ? HyperdriveHosting.HyperdriveHostingSetup.PoolsFor(services).ForWorker(options, configuration, policy, loggers)
            : null;
        var bindings = WorkerHostChoices.Bindings(configuration, hostEnvironment);
        WorkerFetch fetch;
        try
        {
            fetch = TWorker.CreateFetch(new WorkerBindings(bindings.Lookup)
            {
                Environment = bindings.Environment,
                HostEnvironmentName = bindings.HostEnvironmentName,
                IsDevelopment = bindings.IsDevelopment,
                HyperdrivePooling = pooling,
            });
        }
        catch (WorkerBindingException e)
        {
            // The exception ends start-up with a stack trace; this line, above it, says where an app's bindings come from.
            var example = e.Problems.Select(p => p.Split(' ')[0]).FirstOrDefault() ?? "NAME";
            HostingLog.BindingsMissing(loggers.CreateLogger(HostingLog.MapWorkerCategory), typeof(TWorker).Name, string.Join("; ", e.Problems), example);
            throw;
        }

        // Without AddWorkerHosting nothing waits for the scopes at shutdown, but requests are served the same.
        var scopes = services.GetService<WorkerScopeTracker>() ?? new WorkerScopeTracker();
        var scopeOptions = new WorkerContextOptions { Policy = policy, Logger = logger, Destinations = pooling?.Destinations ?? InProcessDestinations.Empty };
        var handler = new WorkerRequestHandler(fetch, scopeOptions, options.MaxRequestBodySize, scopes, logger);

        return endpoints.Map(pattern, handler.HandleAsync).WithDisplayName($"Worker {typeof(TWorker).Name}");
    }
}
