using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace WorkerSockets.Hosting;

/// <summary>Registers the services <see cref="WorkerEndpointRouteBuilderExtensions.MapWorker{TWorker}"/> uses.</summary>
public static class WorkerHostingServiceCollectionExtensions
{
    /// <summary>
    /// Registers worker hosting: <see cref="WorkerHostOptions"/>, and a shutdown step that waits (within the host's
    /// shutdown timeout) for requests still finishing their <c>WaitUntil</c> work. <c>MapWorker</c> works without it, but
    /// then stopping the app does not wait for that work.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Configures <see cref="WorkerHostOptions"/>; optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWorkerHosting(this IServiceCollection services, Action<WorkerHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WorkerHostOptions>();
        if (configure is not null)
            services.Configure(configure);
        services.TryAddSingleton<WorkerScopeTracker>();
        services.TryAddSingleton<HyperdriveHosting.HyperdrivePools>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WorkerScopeDrainService>());
        return services;
    }
}
