using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace WorkerSockets.Hosting;

// The dev server for a worker's Connect handler: raw TCP on 127.0.0.1, --tcp-port N.
public static partial class WorkerHost
{
    /// <summary>The port <see cref="RunConnectionsAsync{TWorker}(string[], CancellationToken)"/> listens on without <c>--tcp-port</c>.</summary>
    public const int DefaultTcpPort = 8788;

    /// <summary>
    /// Serves <typeparamref name="TWorker"/>'s <c>Connect</c> handler on <c>127.0.0.1:8788</c> (<c>--tcp-port N</c> to change;
    /// <c>0</c> picks a free one), prints <c>Ready on tcp://127.0.0.1:N</c>, and runs until the process is stopped (Ctrl+C).
    /// Bindings and policy are as for <see cref="RunAsync{TWorker}(string[], CancellationToken)"/>.
    /// </summary>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class with a <c>Connect</c> handler.</typeparam>
    /// <param name="args">Command-line arguments; <c>--tcp-port N</c>; the rest are ASP.NET Core's.</param>
    /// <param name="cancellationToken">Stops the server, as Ctrl+C does.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    public static async Task RunConnectionsAsync<TWorker>(string[] args, CancellationToken cancellationToken = default)
        where TWorker : IWorkerConnections
    {
        await using var host = await StartConnectionsAsync<TWorker>(args, configure: null, cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteLineAsync($"Ready on {host.Address.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the TCP dev server for <typeparamref name="TWorker"/> and returns once it is listening; its
    /// <see cref="RunningWorkerHost.Address"/> is <c>tcp://127.0.0.1:N</c> with the bound port.
    /// </summary>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class with a <c>Connect</c> handler.</typeparam>
    /// <param name="args">Command-line arguments; <c>--tcp-port N</c> (<c>0</c> picks a free one); the rest are ASP.NET Core's.</param>
    /// <param name="configure">Adjusts the app before it is built (logging, extra configuration, <see cref="WorkerHostOptions"/>).</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    /// <exception cref="ArgumentException"><c>--tcp-port</c> has no value or not a port.</exception>
    public static async Task<RunningWorkerHost> StartConnectionsAsync<TWorker>(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
        where TWorker : IWorkerConnections
    {
        ArgumentNullException.ThrowIfNull(args);
        var (tcpPort, remaining) = ParseTcpPort(args);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = remaining,
            EnvironmentName = ChoosesEnvironment(remaining) ? null : Environments.Development,
        });
        var environment = builder.Configuration[WorkerHostChoices.WranglerEnvironmentKey] is { Length: > 0 } chosen ? chosen : null;
        AddDevConfiguration(builder.Configuration, DevVars.LocalSecretsFiles.Choose(ConfigDirectory(builder.Environment.ContentRootPath), environment));
        ListenOptions? endpoint = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, tcpPort, listen => endpoint = listen.MapWorkerConnections<TWorker>()));
        builder.WebHost.UseSockets(PreferInlineScheduling);
        builder.Services.AddWorkerHosting().PostConfigure<WorkerHostOptions>(options => options.Policy ??= SocketPolicy.Development);
        configure?.Invoke(builder);

        var app = builder.Build();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            // Kestrel writes the bound endpoint (the real port for 0) back into the listen options.
            var bound = (IPEndPoint)endpoint!.EndPoint;
            return new RunningWorkerHost(app, new Uri($"tcp://{bound}"), ConnectionsSummary(app));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The start-up facts the connections host prints: the environment and the socket policy in effect.</summary>
    private static string ConnectionsSummary(WebApplication app)
    {
        var hostEnvironment = app.Services.GetRequiredService<IHostEnvironment>();
        var (policy, reason) = WorkerHostChoices.Policy(app.Services.GetRequiredService<IOptions<WorkerHostOptions>>().Value, hostEnvironment);
        var bindings = WorkerHostChoices.Bindings(app.Configuration, hostEnvironment);
        return $"Environment: {hostEnvironment.EnvironmentName}; wrangler environment: {WorkerHostChoices.DescribeEnvironment(bindings)}{Environment.NewLine}" +
            $"Socket policy: {WorkerHostChoices.Describe(policy)}, because {reason}";
    }

    /// <summary>
    /// Runs a connection's continuations where its socket operation completed instead of queueing them to Kestrel's I/O
    /// queues and then to the thread pool: a pipelined batch otherwise takes three extra thread hops through the server
    /// (receive → I/O queue → handler, handler's flush → I/O queue → send), which on a busy machine cost more than the
    /// proxying itself. Safe here because a <c>Connect</c> handler is asynchronous end to end (WSK009 flags blocking on
    /// socket tasks) and, without <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, socket completions already run on
    /// thread-pool threads, never on the epoll thread. A <c>configure</c> callback may turn it off again with its own
    /// <c>UseSockets</c>.
    /// </summary>
    internal static void PreferInlineScheduling(SocketTransportOptions sockets) => sockets.UnsafePreferInlineScheduling = true;

    /// <summary>Takes <c>--tcp-port N</c> / <c>--tcp-port=N</c> out of <paramref name="args"/>.</summary>
    internal static (int Port, string[] Remaining) ParseTcpPort(string[] args)
    {
        var port = DefaultTcpPort;
        var remaining = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--tcp-port")
            {
                if (i + 1 >= args.Length)
                    throw new ArgumentException("--tcp-port needs a value: a TCP port, 0 for any free one.", nameof(args));
                port = ParsePortValue(args[++i]);
            }
            else if (arg.StartsWith("--tcp-port=", StringComparison.Ordinal))
            {
                port = ParsePortValue(arg["--tcp-port=".Length..]);
            }
            else
            {
                remaining.Add(arg);
            }
        }

        return (port, [.. remaining]);
    }

    private static int ParsePortValue(string value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"--tcp-port {value}: not a TCP port (0 to 65535; 0 picks a free one).", "args");
}
