using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkerSockets.Hosting.HyperdriveHosting;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

/// <summary>
/// A newcomer points psql at <c>--hyperdrive-port</c>: the log line says how to log in, a password chosen with
/// <c>Hyperdrive:&lt;NAME&gt;:ClientPassword</c> lets psql through, and no password is ever printed.
/// </summary>
public sealed class HyperdrivePortLoginTests
{
    // An origin that refuses at once: psql's error then shows whether the login itself succeeded.
    private const string Origin = "postgres://app:origin-s3cret@127.0.0.1:1/orders?sslmode=disable";

    [Fact]
    public async Task A_chosen_client_password_lets_psql_log_in_and_the_log_says_where_it_is_set()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs, null, "--hyperdrive-port", "0", "--ORDERS_DB", Origin, "--Hyperdrive:ORDERS_DB:ClientPassword", "chosen-pw");
        var (line, port) = ExposedLine(logs);

        var right = await PsqlAsync(port, "chosen-pw");
        var wrong = await PsqlAsync(port, "not-it");

        Assert.EndsWith("; psql \"host=127.0.0.1 port=" + port + " user=app dbname=orders\" asks for the password set in Hyperdrive:ORDERS_DB:ClientPassword", line, StringComparison.Ordinal);
        Assert.Equal("chosen-pw", Assert.Single(host.Services.GetRequiredService<HyperdrivePools>().Bindings).Endpoint.Password);
        Assert.Contains("Hyperdrive could not connect to the origin database", right, StringComparison.Ordinal);   // past the login
        Assert.DoesNotContain("password authentication failed", right, StringComparison.Ordinal);
        Assert.Contains("password authentication failed for user \"app\"", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries.Select(e => e.Message), m => m.Contains("chosen-pw", StringComparison.Ordinal) || m.Contains("origin-s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_chosen_password_the_log_says_it_is_generated_and_how_to_choose_one()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs, null, "--hyperdrive-port", "0", "--ORDERS_DB", Origin);
        var (line, _) = ExposedLine(logs);
        var generated = Assert.Single(host.Services.GetRequiredService<HyperdrivePools>().Bindings).Endpoint.Password;

        Assert.EndsWith("asks for a password generated for this run and never printed; to log in, choose one with Hyperdrive:ORDERS_DB:ClientPassword (--Hyperdrive:ORDERS_DB:ClientPassword=..., or the environment variable Hyperdrive__ORDERS_DB__ClientPassword)", line, StringComparison.Ordinal);
        Assert.True(generated.Length >= 32);
        Assert.DoesNotContain(logs.Entries.Select(e => e.Message), m => m.Contains(generated, StringComparison.Ordinal));
    }

    private static (string Line, int Port) ExposedLine(CapturingLoggerProvider logs)
    {
        const string prefix = "Hyperdrive ORDERS_DB: also served to PostgreSQL clients on 127.0.0.1:";
        var line = Assert.Single(logs.Entries.Select(e => e.Message), m => m.StartsWith(prefix, StringComparison.Ordinal));
        return (line, int.Parse(line[prefix.Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Runs psql (PostgreSQL's own client) against the exposed port; returns everything it printed.</summary>
    private static async Task<string> PsqlAsync(int port, string password)
    {
        var info = new ProcessStartInfo("psql", ["-X", "-A", "-t", "-w", "-c", "SELECT 1", $"host=127.0.0.1 port={port} user=app dbname=orders sslmode=disable"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        return await output + await errors;
    }
}
