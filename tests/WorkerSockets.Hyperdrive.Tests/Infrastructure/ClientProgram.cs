using System.Diagnostics;
using Customers.LocalPostgres;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

/// <summary>What a PostgreSQL client program printed and how it exited.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record ClientRun(int ExitCode, string Output, string Error);

/// <summary>Runs the machine's own PostgreSQL clients (psql, pgbench) against the pooler's loopback port.</summary>
public static class ClientProgram
{
    /// <summary>Runs <paramref name="program"/> (from the PostgreSQL bin folder) with the client password in <c>PGPASSWORD</c>.</summary>
    /// <param name="server">The pooler to point at.</param>
    /// <param name="program"><c>psql</c> or <c>pgbench</c>.</param>
    /// <param name="arguments">Arguments after the connection ones.</param>
    /// <param name="standardInput">Text for standard input.</param>
    /// <returns>Exit code and output.</returns>
    public static async Task<ClientRun> RunAsync(PoolerServer server, string program, IEnumerable<string> arguments, string? standardInput = null)
    {
        var start = new ProcessStartInfo(Path.Combine(PostgresCommand.FindBinDirectory(), program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Credentials.User])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = server.Credentials.Password;
        start.Environment["PGDATABASE"] = server.Credentials.Database;
        start.Environment["PGCONNECT_TIMEOUT"] = "30";
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Program);
        return new ClientRun(process.ExitCode, await output, await error);
    }
}

/// <summary>Guards against hangs: a test that exceeds one fails instead of blocking the run. Not a speed assertion.</summary>
public static class TestTimeouts
{
    /// <summary>For a client program run.</summary>
    public static readonly TimeSpan Program = TimeSpan.FromSeconds(120);

    /// <summary>For one client session or operation.</summary>
    public static readonly TimeSpan Operation = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails when it never does within the hang guard.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="what">What it means, for the failure message.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Operation;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Never happened: {what}");
            }

            await Task.Delay(50);
        }
    }
}
