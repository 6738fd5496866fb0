using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace WorkerSockets.Hosting;

/// <summary>
/// The local dev server: runs a worker on <c>http://127.0.0.1:8787</c>, as <c>wrangler dev</c> does. Bindings come from
/// (later wins) <c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>, user secrets (when the entry assembly has a
/// <c>UserSecretsId</c>), <c>.dev.vars</c> in the content root (the current directory), environment variables and the
/// command line. Sockets use <see cref="SocketPolicy.Development"/> unless <see cref="WorkerHostOptions.Policy"/> is set.
/// </summary>
public static partial class WorkerHost
{
    /// <summary>Serves <typeparamref name="TWorker"/>, prints <c>Ready on http://127.0.0.1:8787</c>, and runs until the process is stopped (Ctrl+C).</summary>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class.</typeparam>
    /// <param name="args">Command-line arguments; <c>--port N</c> changes the port (<c>0</c> picks a free one); the rest are ASP.NET Core's.</param>
    /// <param name="cancellationToken">Stops the server, as Ctrl+C does.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    public static Task RunAsync<TWorker>(string[] args, CancellationToken cancellationToken = default)
        where TWorker : IWorker
        => RunAsync<TWorker>(args, Console.Out, configure: null, cancellationToken);

    /// <summary>As the public overload, printing to <paramref name="output"/> (tests read the ready line from it).</summary>
    internal static async Task RunAsync<TWorker>(string[] args, TextWriter output, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken)
        where TWorker : IWorker
    {
        await using var host = await StartAsync<TWorker>(args, configure, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Ready on {host.Address.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the dev server for <typeparamref name="TWorker"/> and returns once it is listening — for tests and tools
    /// that need the bound address (start it with <c>--port 0</c>) and stop it themselves.
    /// </summary>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class.</typeparam>
    /// <param name="args">Command-line arguments; <c>--port N</c> changes the port (<c>0</c> picks a free one); the rest are ASP.NET Core's (e.g. <c>--contentRoot</c>, <c>--KEY value</c>).</param>
    /// <param name="configure">Adjusts the app before it is built (logging providers, extra configuration, <see cref="WorkerHostOptions"/>).</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    public static async Task<RunningWorkerHost> StartAsync<TWorker>(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
        where TWorker : IWorker
    {
        ArgumentNullException.ThrowIfNull(args);
        var arguments = DevServerArguments.Parse(args);

        var builder = WebApplication.CreateBuilder(arguments.Remaining);
        AddDevConfiguration(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, arguments.Port));
        var hyperdriveTcp = arguments.HyperdrivePort is { } hyperdrivePort ? new HyperdriveHosting.HyperdriveTcpExposure(hyperdrivePort) : null;
        builder.Services.AddWorkerHosting().PostConfigure<WorkerHostOptions>(options => options.Policy ??= SocketPolicy.Development);
        configure?.Invoke(builder);

        var app = builder.Build();
        try
        {
            app.MapWorker<TWorker>();
            hyperdriveTcp?.Listen(app.Services);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            hyperdriveTcp?.LogEndPoints(app.Logger);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new RunningWorkerHost(app, new Uri(address));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds user secrets and <c>.dev.vars</c> after the JSON files, so environment variables and the command line still win.</summary>
    private static void AddDevConfiguration(IConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        var afterFiles = sources.ToList().FindLastIndex(source => source is JsonConfigurationSource) + 1;
        var added = new ConfigurationBuilder().SetFileProvider(configuration.GetFileProvider());
        if (Assembly.GetEntryAssembly() is { } entry)
            added.AddUserSecrets(entry, optional: true, reloadOnChange: false);
        added.AddDevVarsFile();
        foreach (var source in added.Sources)
            sources.Insert(afterFiles++, source);
    }
}
