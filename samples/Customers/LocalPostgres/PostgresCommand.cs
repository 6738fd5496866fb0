using System.Diagnostics;

namespace Customers.LocalPostgres;

/// <summary>Runs the machine's PostgreSQL programs, as the <c>postgres</c> user when this process is root (the server refuses root).</summary>
internal static class PostgresCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The folder of initdb, pg_ctl and psql: <c>PG_BIN</c>, else the newest <c>/usr/lib/postgresql/N/bin</c>.</summary>
    public static string FindBinDirectory()
    {
        string? configured = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        const string debianRoot = "/usr/lib/postgresql";
        string? newest = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Where(version => File.Exists(Path.Combine(version, "bin", "initdb")))
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out int major) ? major : 0)
                .FirstOrDefault()
            : null;
        return newest is not null
            ? Path.Combine(newest, "bin")
            : throw new InvalidOperationException($"No PostgreSQL server binaries found under {debianRoot}; install postgresql or set PG_BIN.");
    }

    /// <summary>Whether commands run through <c>runuser -u postgres</c>.</summary>
    public static bool RunsAsPostgresUser => Environment.UserName == "root";

    /// <summary>Runs <paramref name="program"/> and returns its standard output; throws with its standard error when it fails.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = RunsAsPostgresUser ? "runuser" : program,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (RunsAsPostgresUser)
        {
            foreach (string prefix in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {Timeout.TotalSeconds} s.");
        }

        string stdout = await output.ConfigureAwait(false);
        string stderr = await error.ConfigureAwait(false);
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"{Path.GetFileName(program)} failed with exit code {process.ExitCode}: {stderr.Trim()}");
    }

    /// <summary>Gives <paramref name="path"/> and everything under it to the <c>postgres</c> user (when running as root).</summary>
    public static async Task GiveToPostgresUserAsync(string path, CancellationToken cancellationToken)
    {
        if (!RunsAsPostgresUser)
        {
            return;
        }

        using var process = Process.Start("chown", ["-R", "postgres:postgres", path]);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown -R postgres {path} failed with exit code {process.ExitCode}.");
        }
    }
}
