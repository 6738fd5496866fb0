using System.IO.Pipelines;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Hyperdrive;

namespace WorkerSockets.Hosting.HyperdriveHosting;

/// <summary>
/// The host's Hyperdrive pools: one <see cref="HyperdrivePool"/> per binding, made while the worker's environment is bound
/// (through <see cref="IHyperdrivePooling"/>), registered as in-process destinations, and disposed with the host.
/// </summary>
internal sealed class HyperdrivePools(ILoggerFactory? loggers = null) : IAsyncDisposable
{
    /// <summary>The host-name suffix of a pooled endpoint, as on the platform.</summary>
    public const string HostSuffix = ".hyperdrive.local";

    private readonly List<PooledBinding> _bindings = [];
    private readonly Lock _gate = new();

    /// <summary>Every pooled binding so far, in the order they were bound.</summary>
    public IReadOnlyList<PooledBinding> Bindings
    {
        get
        {
            lock (_gate)
                return [.. _bindings];
        }
    }

    /// <summary>Makes the pooling one worker's <c>Bind</c> uses; its destinations go to that worker's requests.</summary>
    public WorkerPooling ForWorker(WorkerHostOptions options, IConfiguration configuration, SocketPolicy originTls, ILoggerFactory loggers)
        => new(this, options, configuration, originTls, loggers);

    /// <summary>Serves a connection accepted on a loopback port (the dev server's <c>--hyperdrive-port</c>) with the binding at <paramref name="index"/>.</summary>
    public Task ServeTcpAsync(int index, ConnectionContext connection)
    {
        var bindings = Bindings;
        if (index >= bindings.Count)
        {
            connection.Abort();
            return Task.CompletedTask;
        }

        return bindings[index].Pool.ServeAsync(connection.Transport, HyperdriveClientTransport.Network, connection.ConnectionClosed);
    }

    /// <summary>Closes every pool's idle origin connections; one pool failing to close does not keep the others open.</summary>
    public async ValueTask DisposeAsync()
    {
        PooledBinding[] bindings;
        lock (_gate)
        {
            bindings = [.. _bindings];
            _bindings.Clear();
        }

        foreach (var binding in bindings)
        {
            try
            {
                await binding.Pool.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The host is going away either way; the failure is reported, and the other pools still close.
                HyperdriveHostingLog.CloseFailed(loggers?.CreateLogger("WorkerSockets.Hosting.Hyperdrive") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, e, binding.BindingName);
            }
        }
    }

    private void Add(PooledBinding binding)
    {
        lock (_gate)
            _bindings.Add(binding);
    }

    /// <summary>A pooled binding: its name, the endpoint handler code sees (generated credentials), and the pool behind it.</summary>
    internal sealed record PooledBinding(string BindingName, WorkerSockets.Hyperdrive Endpoint, HyperdrivePool Pool, HyperdrivePoolOptions Settings) : IInProcessDestination
    {
        // Registered as an in-process destination: the runtime serves it only over its in-memory pipes.
        public Task ServeAsync(IDuplexPipe connection, CancellationToken cancellationToken) => Pool.ServeAsync(connection, HyperdriveClientTransport.InProcess, cancellationToken);
    }

    /// <summary>One worker's pooling: creates its pools and collects them as that worker's in-process destinations.</summary>
    internal sealed class WorkerPooling(HyperdrivePools pools, WorkerHostOptions options, IConfiguration configuration, SocketPolicy originTls, ILoggerFactory loggers) : IHyperdrivePooling
    {
        private readonly ILogger _logger = loggers.CreateLogger("WorkerSockets.Hosting.Hyperdrive");

        /// <summary>The destinations of the bindings pooled so far.</summary>
        public InProcessDestinations Destinations { get; private set; } = InProcessDestinations.Empty;

        public WorkerSockets.Hyperdrive Pool(string bindingName, string id, WorkerSockets.Hyperdrive origin)
        {
            var settings = HyperdrivePoolSettings.For(bindingName, options, configuration);
            var host = id + HostSuffix;
            // Generated per host lifetime: handler code proves these to the pool and never sees the origin's password. A
            // chosen one (Hyperdrive:<NAME>:ClientPassword) lets psql log in on --hyperdrive-port with a password it knows.
            var chosen = configuration[HyperdrivePoolSettings.ClientPasswordKey(bindingName)];
            var credentials = new HyperdriveClientCredentials(origin.User, chosen is { Length: > 0 } ? chosen : Base64Url(RandomNumberGenerator.GetBytes(24)), origin.Database);
            HyperdrivePool pool;
            try
            {
                pool = new HyperdrivePool(origin.ConnectionString, credentials, settings, originTls, _logger);
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
            {
                throw new ArgumentException(e.Message, e);
            }

            var endpoint = new WorkerSockets.Hyperdrive(
                $"postgres://{Uri.EscapeDataString(credentials.User)}:{credentials.Password}@{host}:{WorkerSockets.Hyperdrive.DefaultPort}/{Uri.EscapeDataString(credentials.Database)}?sslmode=disable");
            var binding = new PooledBinding(bindingName, endpoint, pool, settings);
            Destinations = Destinations.Add(host, WorkerSockets.Hyperdrive.DefaultPort, binding);
            pools.Add(binding);
            HyperdriveHostingLog.Pooling(_logger, bindingName, origin.ToString(), $"{host}:{WorkerSockets.Hyperdrive.DefaultPort}", settings.MaxConnections, settings.IdleTimeout.TotalSeconds, settings.AcquireTimeout.TotalSeconds);
            HyperdriveHostingLog.Caching(_logger, bindingName, settings.CacheEnabled && settings.CacheMaxAge > TimeSpan.Zero ? "on" : "off", settings.CacheMaxAge.TotalSeconds, settings.CacheStaleWhileRevalidate.TotalSeconds, settings.CacheSizeLimit, settings.CacheMaxResultSize, $"Hyperdrive:{bindingName}:CacheEnabled");
            return endpoint;
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
