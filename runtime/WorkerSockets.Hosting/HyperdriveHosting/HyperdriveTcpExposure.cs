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

    /// <summary>Logs where each binding is served; the endpoint's generated password is left out.</summary>
    public void LogEndPoints(ILogger logger)
    {
        foreach (var (binding, listen) in _listeners)
            HyperdriveHostingLog.ExposedOnTcp(logger, binding.BindingName, listen.IPEndPoint!.ToString(), binding.Endpoint.ToString());
    }
}
