using System.Diagnostics;
using System.Globalization;

namespace Customers.LocalPostgres;

/// <summary>
/// Which process owns a throwaway cluster, recorded in its folder, so a later start can stop and delete clusters whose
/// owner died without cleaning up (SIGKILL, a crash, a killed debugger session). A cluster of a live process is never touched.
/// </summary>
internal static class LocalPostgresOwnership
{
    /// <summary>The prefix of every cluster folder under the temp directory.</summary>
    public const string FolderPrefix = "workersockets-pg-";

    private const string OwnerFile = "owner";

    /// <summary>Records this process (its id and start time, so a reused id is not mistaken for the owner).</summary>
    public static void Record(string root)
    {
        using var self = Process.GetCurrentProcess();
        File.WriteAllText(Path.Combine(root, OwnerFile), $"{Environment.ProcessId} {self.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Stops and deletes every cluster folder whose recorded owner is gone; returns the folders removed.</summary>
    public static async Task<IReadOnlyList<string>> ReapOrphansAsync(string binDirectory, CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        foreach (string root in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            // A folder without an owner record is being created right now, or predates the record: not ours to judge.
            if (!TryReadOwner(root, out int processId, out long startTicks) || IsAlive(processId, startTicks))
            {
                continue;
            }

            string data = Path.Combine(root, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                try
                {
                    await PostgresCommand.RunAsync(Path.Combine(binDirectory, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"], root, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException)
                {
                    // The server died with its owner and left a stale pid file: nothing is left to stop.
                }
            }

            try
            {
                Directory.Delete(root, recursive: true);
                removed.Add(root);
            }
            catch (IOException)
            {
                // Another process is reaping the same folder; whichever finishes, it is gone.
            }
        }

        return removed;
    }

    private static bool TryReadOwner(string root, out int processId, out long startTicks)
    {
        processId = 0;
        startTicks = 0;
        string path = Path.Combine(root, OwnerFile);
        if (!File.Exists(path))
        {
            return false;
        }

        string[] parts = File.ReadAllText(path).Split(' ');
        return parts.Length == 2 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out processId) &&
            long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out startTicks);
    }

    private static bool IsAlive(int processId, long startTicks)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            // Start times are read back at clock-tick precision: a second apart is a different process.
            return !process.HasExited && Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) < TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
