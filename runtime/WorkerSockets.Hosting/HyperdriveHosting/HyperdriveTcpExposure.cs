using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WorkerSockets.Hosting.HyperdriveHosting;

/// <summary>
/// The dev server's <c>--hyperdrive-port N</c>: each pooled binding is also served to real PostgreSQL clients (psql,
/// pgbench, Npgsql) on a loopback port — the first binding on N, the next on N+1, and so on (0 picks free ones).
/// </summary>
internal sealed class HyperdriveTcpExposure(int firstPort)
{
    private readonly List<(HyperdrivePools.PooledBinding Binding, ListenOptions Listen)> _listeners = [];

    /// <summary>The loopback endpoints, in binding order; their ports are the bound ones once the server has started.</summary>
    public IReadOnlyList<(string BindingName, IPEndPoint EndPoint)> EndPoints => [.. _listeners.Select(l => (l.Binding.BindingName, l.Listen.IPEndPoint!))];

    /// <summary>Adds a listener per pooled binding: called after <c>MapWorker</c> has bound the worker, before the server starts.</summary>
    public void Listen(IServiceProvider services)
    {
        var kestrel = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        var pools = services.GetRequiredService<HyperdrivePools>();
        var bindings = pools.Bindings;
        for (var i = 0; i < bindings.Count; i++)
        {
            var index = i;
            var port = firstPort == 0 ? 0 : firstPort + i;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Run(connection => pools.ServeTcpAsync(index, connection));
                _listeners.Add((bindings[index], listen));
            });
        }
    }

    /// <summary>
    /// Logs where each binding is served and how to log in there; the password is never printed: a generated one is named
    /// as such, with the setting that chooses one (a newcomer's psql otherwise meets only "password authentication failed").
    /// </summary>
    public void LogEndPoints(ILogger logger, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        foreach (var (binding, listen) in _listeners)
        {
            var key = HyperdrivePoolSettings.ClientPasswordKey(binding.BindingName);
            var endPoint = listen.IPEndPoint!;
            var login = $"psql \"host={endPoint.Address} port={endPoint.Port} user={binding.Endpoint.User} dbname={binding.Endpoint.Database}\" asks for " +
                (configuration[key] is { Length: > 0 }
                    ? $"the password set in {key}"
                    : $"a password generated for this run and never printed; to log in, choose one with {key} (--{key}=..., or the environment variable {key.Replace(":", "__", StringComparison.Ordinal)})");
            HyperdriveHostingLog.ExposedOnTcp(logger, binding.BindingName, endPoint.ToString(), binding.Endpoint.ToString(), login);
        }
    }
}
