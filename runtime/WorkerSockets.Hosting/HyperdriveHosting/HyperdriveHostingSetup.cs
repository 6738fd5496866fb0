using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WorkerSockets.Hosting.HyperdriveHosting;

/// <summary>Finds the host's <see cref="HyperdrivePools"/>, so that pools live (and are disposed) with the host.</summary>
internal static class HyperdriveHostingSetup
{
    /// <summary>
    /// The pools registered by <c>AddWorkerHosting</c> (disposed with the service provider); without it, a set of pools
    /// disposed when the application stops.
    /// </summary>
    public static HyperdrivePools PoolsFor(IServiceProvider services)
    {
        if (services.GetService<HyperdrivePools>() is { } registered)
            return registered;

        var pools = new HyperdrivePools(services.GetService<Microsoft.Extensions.Logging.ILoggerFactory>());
        // Nothing in the container owns these: close their idle origin connections once the app has stopped.
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(static state => _ = ((HyperdrivePools)state!).DisposeAsync().AsTask(), pools);
        return pools;
    }
}
