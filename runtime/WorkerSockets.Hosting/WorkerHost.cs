using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkerSockets.Hosting.DevVars;
using WorkerSockets.Hosting.LocalDev;

namespace WorkerSockets.Hosting;

/// <summary>
/// The local dev server: runs a worker on <c>http://127.0.0.1:8787</c>, as <c>wrangler dev</c> does, in the
/// Development environment (unless <c>--environment</c>, <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c> names
/// another), so sockets use <see cref="SocketPolicy.Development"/> unless <see cref="WorkerHostOptions.Policy"/> is set.
/// The port and address come from <c>--port</c> / <c>--ip</c>, else the wrangler config's <c>[dev]</c> section (read at
/// start-up from the project folder the build recorded; the content root when there is none), else the defaults.
/// Bindings come from (later wins) <c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>, user secrets (when the
/// entry assembly has a <c>UserSecretsId</c>), the local secrets files next to the wrangler config (<c>.dev.vars.&lt;env&gt;</c>
/// or <c>.dev.vars</c>, else the <c>.env</c> files, as wrangler 4 reads them), environment variables, the command line
/// and <c>--var KEY:VALUE</c>. The wrangler environment is <c>--env NAME</c>, else <c>CLOUDFLARE_ENV</c>, else the host
/// environment's name when the config declares an <c>[env.&lt;name&gt;]</c> of that name (ignoring case), else the top level.
/// </summary>
public static partial class WorkerHost
{
    /// <summary>The assembly metadata key under which the package's build records the project folder.</summary>
    internal const string ProjectDirectoryMetadataKey = "WorkerSockets.ProjectDirectory";

    private const string BindingSourcesKey = "WorkerSockets.BindingSources";

    private const string BindingFixKey = "WorkerSockets.BindingFix";

    /// <summary>
    /// Serves <typeparamref name="TWorker"/>, prints <c>Ready on http://127.0.0.1:8787</c> and, under it, where it listens,
    /// the config, the local secrets files read (names of values only), the environments and socket policy, then any
    /// warning or note; runs until the process is stopped (Ctrl+C). A start-up failure (bad option, a wrangler flag that
    /// cannot be honoured, missing binding, busy port) prints one <c>error:</c> line to standard error and sets the process
    /// exit code to 1; <c>--help</c> prints the options.
    /// </summary>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class.</typeparam>
    /// <param name="args">Command-line arguments: <c>--port N</c>, <c>--ip ADDRESS</c>, <c>--env NAME</c>, <c>--var KEY:VALUE</c>, <c>--help</c>, ...; the rest are ASP.NET Core's.</param>
    /// <param name="cancellationToken">Stops the server, as Ctrl+C does.</param>
    /// <returns>A task that completes when the server has stopped or failed to start.</returns>
    public static Task RunAsync<TWorker>(string[] args, CancellationToken cancellationToken = default)
        where TWorker : IWorker
        => RunAsync<TWorker>(args, Console.Out, configure: null, cancellationToken, Console.Error);

    /// <summary>As the public overload, printing to <paramref name="output"/> and <paramref name="errors"/> (tests read them).</summary>
    internal static async Task RunAsync<TWorker>(string[] args, TextWriter output, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken, TextWriter? errors = null)
        where TWorker : IWorker
    {
        errors ??= output;
        RunningWorkerHost host;
        try
        {
            // Help wins over every other argument, even one that would be an error.
            if (args.Any(DevServerArguments.IsHelp))
            {
                await output.WriteLineAsync(DevServerArguments.Usage(Assembly.GetEntryAssembly()?.GetName().Name ?? "dotnet run --")).ConfigureAwait(false);
                return;
            }

            host = await StartAsync<TWorker>(args, configure, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StartupError(e) is { } message)
        {
            await errors.WriteLineAsync("error: " + message).ConfigureAwait(false);
            await errors.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            Environment.ExitCode = 1;
            return;
        }

        await using (host.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"Ready on {host.Address.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await output.WriteLineAsync(host.Summary).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the dev server for <typeparamref name="TWorker"/> and returns once it is listening — for tests and tools
    /// that need the bound address (start it with <c>--port 0</c>) and stop it themselves.
    /// </summary>
    /// <typeparam name="TWorker">The <c>[Worker]</c> class.</typeparam>
    /// <param name="args">Command-line arguments: <c>--port N</c> (<c>0</c> picks a free one), <c>--ip ADDRESS</c>, <c>--env NAME</c>, <c>--var KEY:VALUE</c>; the rest are ASP.NET Core's (e.g. <c>--contentRoot</c>, <c>--KEY value</c>).</param>
    /// <param name="configure">Adjusts the app before it is built (logging providers, extra configuration, <see cref="WorkerHostOptions"/>).</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">A dev server option has no value or a bad one.</exception>
    /// <exception cref="InvalidOperationException">A wrangler flag or <c>[dev]</c> setting cannot be honoured (<c>--remote</c>, an <c>ip</c> that is not an address, <c>https</c> without a certificate).</exception>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    public static async Task<RunningWorkerHost> StartAsync<TWorker>(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
        where TWorker : IWorker
    {
        ArgumentNullException.ThrowIfNull(args);
        var arguments = DevServerArguments.Parse(args);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = arguments.Remaining,
            EnvironmentName = ChoosesEnvironment(arguments.Remaining) ? null : Environments.Development,
        });
        var settings = DevServerSettings.Resolve(arguments, builder.Configuration, builder.Environment, ConfigDirectory(builder.Environment.ContentRootPath));
        AddDevConfiguration(builder.Configuration, settings.SecretsFiles);
        if (arguments.Environment is not null)
            builder.Configuration.AddInMemoryCollection([new(WorkerHostChoices.WranglerEnvironmentKey, arguments.Environment)]);
        // --var wins over every other source, as it does over .dev.vars in wrangler.
        builder.Configuration.AddInMemoryCollection(arguments.Vars);
        // wrangler's certificate flags become Kestrel's default certificate, which UseHttps() takes.
        if (arguments.HttpsCertPath is { } certPath)
            builder.Configuration.AddInMemoryCollection([new("Kestrel:Certificates:Default:Path", Path.GetFullPath(certPath))]);
        if (arguments.HttpsKeyPath is { } keyPath)
            builder.Configuration.AddInMemoryCollection([new("Kestrel:Certificates:Default:KeyPath", Path.GetFullPath(keyPath))]);
        if (arguments.LogLevel is { } level)
            builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", level.ToString())]);
        builder.WebHost.ConfigureKestrel(kestrel => settings.Listen.Listen(kestrel, settings.Port, settings.Https));
        var hyperdriveTcp = arguments.HyperdrivePort is { } hyperdrivePort ? new HyperdriveHosting.HyperdriveTcpExposure(hyperdrivePort) : null;
        builder.Services.AddWorkerHosting();
        // Start-up failures are printed once, as one line, by RunAsync; the host's own report of them would repeat it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level is >= LogLevel.Warning and < LogLevel.Error);
        builder.Logging.AddFilter(HostingLog.MapWorkerCategory, LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", level => level is >= LogLevel.Warning and < LogLevel.Critical);
        configure?.Invoke(builder);

        var app = builder.Build();
        try
        {
            try
            {
                app.MapWorker<TWorker>();
            }
            catch (WorkerBindingException e)
            {
                // RunAsync's one-line error says where it looked; the problems themselves stay as Bind reported them.
                e.Data[BindingSourcesKey] = $"bindings come from --var, the command line, environment variables, {DescribeSecretsFiles(settings)}, user secrets and appsettings.json";
                e.Data[BindingFixKey] = LocalSecretsFiles.HowToAdd(e.Problems, settings.ConfigDirectory, settings.SecretsFiles);
                throw;
            }

            hyperdriveTcp?.Listen(app.Services);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            hyperdriveTcp?.LogEndPoints(app.Logger, app.Configuration);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new RunningWorkerHost(app, new Uri(address), Summary(app, settings));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The start-up facts the dev server prints under its ready line: where it listens and why, the config, the wrangler
    /// environment, the local secrets files read (value names only), the socket policy, then warnings and notes.
    /// </summary>
    private static string Summary(WebApplication app, DevServerSettings settings)
    {
        var hostEnvironment = app.Services.GetRequiredService<IHostEnvironment>();
        var (policy, reason) = WorkerHostChoices.Policy(app.Services.GetRequiredService<IOptions<WorkerHostOptions>>().Value, hostEnvironment);
        var lines = new List<string>(settings.Describe())
        {
            $"Environment: {hostEnvironment.EnvironmentName}; wrangler environment: {settings.DescribeEnvironment()}",
            $"Socket policy: {WorkerHostChoices.Describe(policy)}, because {reason}",
        };
        if (!settings.Listen.IsLoopback)
        {
            var where = settings.Listen.IsEveryInterface ? "on every interface" : "on a network address";
            lines.Add($"warning: listening {where} ({settings.Listen.Text}, from {settings.ListenSource}): other machines can send requests to the worker" +
                (policy.AllowPrivateNetworks ? ", and its socket policy lets those requests reach this machine's loopback and private networks" : ""));
        }

        lines.AddRange(settings.Notes);
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Whether the user named the host environment; otherwise the dev server runs as Development.</summary>
    private static bool ChoosesEnvironment(string[] args) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")) ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")) ||
        args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/environment", StringComparison.OrdinalIgnoreCase));

    /// <summary>One line for a failure a user can fix, or null for a bug (which keeps its stack trace).</summary>
    private static string? StartupError(Exception e) => e switch
    {
        WorkerBindingException binding =>
            $"{binding.Problems.Count} worker binding(s) missing or malformed: {string.Join("; ", binding.Problems)}" +
            (binding.Data[BindingSourcesKey] is string sources ? $" ({sources})" : "") +
            (binding.Data[BindingFixKey] as string),
        DevServerException setup => setup.Message,
        // Kestrel's own words say how to make a certificate (dotnet dev-certs https); add which setting asked for https.
        InvalidOperationException https when https.Message.StartsWith("Unable to configure HTTPS endpoint", StringComparison.Ordinal) =>
            $"local_protocol https: {string.Join(' ', https.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))} Or configure one with Kestrel:Certificates:Default:Path (and :Password).",
        ArgumentException argument when argument.ParamName == "args" => argument.Message[..(argument.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is var end and >= 0 ? end : argument.Message.Length)],
        IOException { InnerException: AddressInUseException } or AddressInUseException =>
            $"the port is already in use ({e.Message.TrimEnd('.')}); choose another with --port N (0 picks a free one)",
        _ => null,
    };

    /// <summary>
    /// The folder of the project's wrangler config, where <c>wrangler dev</c> reads <c>.dev.vars</c>: the project folder the
    /// build recorded, when it exists; else the content root.
    /// </summary>
    private static string ConfigDirectory(string contentRoot)
    {
        var projectDirectory = Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == ProjectDirectoryMetadataKey)?.Value;
        return projectDirectory is { Length: > 0 } && Directory.Exists(projectDirectory) ? projectDirectory : contentRoot;
    }

    /// <summary>Adds user secrets and the local secrets files after the JSON files, so environment variables and the command line still win.</summary>
    private static void AddDevConfiguration(IConfigurationManager configuration, IReadOnlyList<string> secretsFiles)
    {
        var sources = configuration.Sources;
        var afterFiles = sources.ToList().FindLastIndex(source => source is JsonConfigurationSource) + 1;
        var added = new ConfigurationBuilder().SetFileProvider(configuration.GetFileProvider());
        var entry = Assembly.GetEntryAssembly();
        if (entry is not null)
            added.AddUserSecrets(entry, optional: true, reloadOnChange: false);
        foreach (var file in secretsFiles)
            added.AddDevVarsFile(file);
        foreach (var source in added.Sources)
            sources.Insert(afterFiles++, source);
    }

    private static string DescribeSecretsFiles(DevServerSettings settings) =>
        settings.SecretsFiles.Count > 0 ? string.Join(", ", settings.SecretsFiles) : LocalSecretsFiles.DescribeMissing(settings.ConfigDirectory, settings.WranglerEnvironment);
}
