using Microsoft.Extensions.Configuration;
using WorkerSockets.Hosting;

namespace Customers;

/// <summary>Whether the developer configured a database where the dev server looks: environment variables, <c>.dev.vars</c>, the command line.</summary>
internal static class DevDatabase
{
    public static bool IsConfigured(string[] args) => IsConfigured(args, Directory.GetCurrentDirectory());

    /// <summary>As <see cref="IsConfigured(string[])"/>, reading <c>.dev.vars</c> from <paramref name="contentRoot"/>.</summary>
    public static bool IsConfigured(string[] args, string contentRoot)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddDevVarsFile()
            .AddEnvironmentVariables()
            .AddCommandLine(WithoutPort(args))
            .Build();
        return !string.IsNullOrEmpty(configuration["DB"]) || !string.IsNullOrEmpty(configuration["HYPERDRIVE"]);
    }

    // The dev server's own --port N / --port=N is not configuration.
    private static string[] WithoutPort(string[] args)
    {
        var rest = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--port")
            {
                i++;
            }
            else if (!args[i].StartsWith("--port=", StringComparison.Ordinal))
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }
}
