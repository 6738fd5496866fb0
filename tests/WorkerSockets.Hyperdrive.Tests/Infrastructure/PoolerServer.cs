using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WorkerSockets.Hosting.Hyperdrive;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

/// <summary>A <see cref="HyperdrivePool"/> exposed on a loopback TCP port through Kestrel, as real clients reach it.</summary>
public sealed class PoolerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PoolerServer(WebApplication app, HyperdrivePool pool, HyperdriveClientCredentials credentials, int port)
    {
        _app = app;
        Pool = pool;
        Credentials = credentials;
        Port = port;
    }

    /// <summary>The pool.</summary>
    public HyperdrivePool Pool { get; }

    /// <summary>What clients log in with.</summary>
    public HyperdriveClientCredentials Credentials { get; }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>Starts a pool for <paramref name="origin"/> and a listener for it.</summary>
    /// <param name="origin">The origin cluster.</param>
    /// <param name="configure">Changes the pool options (defaults otherwise).</param>
    /// <param name="originConnectionString">Another origin connection string (a closed port, say).</param>
    /// <returns>The running server.</returns>
    public static async Task<PoolerServer> StartAsync(OriginClusterFixture origin, Action<HyperdrivePoolOptions>? configure = null, string? originConnectionString = null)
    {
        var options = new HyperdrivePoolOptions();
        configure?.Invoke(options);
        var credentials = new HyperdriveClientCredentials("worker", "client-" + Guid.NewGuid().ToString("N"), "hyperdrive");
        var pool = new HyperdrivePool(originConnectionString ?? origin.OriginConnectionString, credentials, options, origin.OriginTls, NullLogger.Instance);
        var handler = new HyperdriveConnectionHandler(pool);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Run(handler.OnConnectedAsync)));
        var app = builder.Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PoolerServer(app, pool, credentials, new Uri(address).Port);
    }

    /// <summary>
    /// The query cache off (it is on by default), then <paramref name="configure"/>'s changes: for tests of the lease
    /// path, whose every read must reach the origin. The cache has tests of its own (Cache/).
    /// </summary>
    /// <param name="configure">More changes.</param>
    /// <returns>What <see cref="StartAsync"/> is given.</returns>
    public static Action<HyperdrivePoolOptions> Uncached(Action<HyperdrivePoolOptions>? configure = null) => options =>
    {
        options.CacheEnabled = false;
        configure?.Invoke(options);
    };

    /// <summary>An Npgsql connection string for the pooled endpoint: Npgsql's defaults otherwise.</summary>
    /// <param name="extra">More settings, e.g. <c>Pooling=false</c>.</param>
    /// <returns>The connection string.</returns>
    public string NpgsqlConnectionString(string extra = "")
        => $"Host=127.0.0.1;Port={Port};Username={Credentials.User};Password={Credentials.Password};Database={Credentials.Database};{extra}";

    /// <summary>Opens a new client connection (Npgsql's own pooling off: each is a real new client of the pooler).</summary>
    /// <returns>The open connection.</returns>
    public async Task<NpgsqlConnection> OpenClientAsync()
    {
        var connection = new NpgsqlConnection(NpgsqlConnectionString("Pooling=false"));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Stops the listener, then the pool.</summary>
    /// <returns>A task that completes when both are stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Pool.DisposeAsync();
    }
}
