using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace WorkerSockets.Hosting;

/// <summary>
/// What a host decides for a worker at start-up, in one place so <c>MapWorker</c> and the dev server agree: the socket
/// policy (set in <see cref="WorkerHostOptions.Policy"/>, else by the host environment) and the wrangler environment.
/// </summary>
internal static class WorkerHostChoices
{
    /// <summary>The configuration key that chooses the wrangler environment, as <c>wrangler</c> reads it.</summary>
    public const string WranglerEnvironmentKey = "CLOUDFLARE_ENV";

    /// <summary>The bindings for <c>CreateFetch</c>: values from configuration, the wrangler environment and the host's facts.</summary>
    public static WorkerBindings Bindings(IConfiguration configuration, IHostEnvironment? hostEnvironment) =>
        new(name => configuration[name])
        {
            Environment = configuration[WranglerEnvironmentKey] is { Length: > 0 } chosen ? chosen : null,
            HostEnvironmentName = hostEnvironment?.EnvironmentName,
            IsDevelopment = hostEnvironment?.IsDevelopment() ?? false,
        };

    /// <summary>The policy in effect and why: an explicit one wins; otherwise Development hosts get <see cref="SocketPolicy.Development"/>.</summary>
    public static (SocketPolicy Policy, string Reason) Policy(WorkerHostOptions options, IHostEnvironment? hostEnvironment)
    {
        if (options.Policy is { } set)
            return (set, "set in WorkerHostOptions.Policy");

        var name = hostEnvironment?.EnvironmentName ?? Environments.Production;
        return hostEnvironment?.IsDevelopment() == true
            ? (SocketPolicy.Development, $"the host environment is {name}")
            : (SocketPolicy.Production, $"the host environment is {name}");
    }

    /// <summary>A policy's name for logs: the two built-in ones by name, any other by what it allows.</summary>
    public static string Describe(SocketPolicy policy) =>
        ReferenceEquals(policy, SocketPolicy.Development) ? "Development (loopback and private networks allowed)"
        : ReferenceEquals(policy, SocketPolicy.Production) ? "Production (loopback and private networks denied)"
        : policy.AllowPrivateNetworks ? "custom (loopback and private networks allowed)"
        : "custom (loopback and private networks denied)";

    /// <summary>Which wrangler environment the bindings use, for the start-up line.</summary>
    public static string DescribeEnvironment(WorkerBindings bindings) =>
        bindings.Environment is { } chosen ? $"[env.{chosen}] (chosen by --env or {WranglerEnvironmentKey})"
        : $"[env.<name>] matching the host environment '{bindings.HostEnvironmentName}' if the config declares one, else the top level";
}
