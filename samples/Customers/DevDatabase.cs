using Microsoft.Extensions.Configuration;
using WorkerSockets.Hosting;

namespace Customers;

/// <summary>Whether the developer configured a database where the dev server looks: environment variables, <c>.dev.vars</c>, the command line.</summary>
internal static class DevDatabase
{
    public static bool IsConfigured(string[] args)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddDevVarsFile()
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(arg => !arg.StartsWith("--port", StringComparison.Ordinal)).ToArray())
            .Build();
        return !string.IsNullOrEmpty(configuration["DB"]) || !string.IsNullOrEmpty(configuration["HYPERDRIVE"]);
    }
}
