using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Customers.LocalPostgres;

namespace WorkerSockets.Samples.Tests;

/// <summary>
/// The sample's throwaway cluster after its process is killed with SIGKILL (no cleanup runs): the next start finds the
/// folder's owner gone, stops the server and deletes the folder.
/// </summary>
// Every cluster start reaps orphans too: run alone, so no other test's start reaps the orphan this test made first.
[Collection(OrphanedClusterCollection.Name)]
public sealed class OrphanedClusterTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_cluster_whose_process_was_killed_is_stopped_and_deleted_by_the_next_start()
    {
        string sample = Path.Combine(AppContext.BaseDirectory, "Customers.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[sample, "--port", "0"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("DB");
        start.Environment.Remove("HYPERDRIVE");
        using var owner = Process.Start(start)!;
        string? root = null;
        int port = 0;
        try
        {
            while (await owner.StandardOutput.ReadLineAsync().WaitAsync(s_timeout) is { } line)
            {
                if (line.StartsWith("PostgreSQL on ", StringComparison.Ordinal))
                {
                    port = int.Parse(line.Split(' ')[2].Split(':')[1], CultureInfo.InvariantCulture);
                    root = line[(line.IndexOf("data in ", StringComparison.Ordinal) + "data in ".Length)..];
                }

                if (line.StartsWith("Ready on ", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        finally
        {
            owner.Kill(); // SIGKILL: no finalizer, no DisposeAsync, the cluster is left behind
            await owner.WaitForExitAsync().WaitAsync(s_timeout);
        }

        Assert.NotNull(root);
        Assert.True(Directory.Exists(root), $"The killed sample left no cluster folder at {root}.");
        Assert.True(await AcceptsAsync(port), "The orphaned server should still be running before the next start.");

        IReadOnlyList<string> removed = await LocalPostgresOwnership.ReapOrphansAsync(PostgresCommand.FindBinDirectory()).WaitAsync(s_timeout);

        Assert.Contains(root, removed);
        Assert.False(Directory.Exists(root));
        Assert.False(await AcceptsAsync(port), "The orphaned server still accepts connections.");
    }

    [Fact]
    public async Task A_cluster_of_a_live_process_is_left_alone()
    {
        string root = Directory.CreateTempSubdirectory(LocalPostgresOwnership.FolderPrefix).FullName;
        try
        {
            LocalPostgresOwnership.Record(root);

            IReadOnlyList<string> removed = await LocalPostgresOwnership.ReapOrphansAsync(PostgresCommand.FindBinDirectory()).WaitAsync(s_timeout);

            Assert.DoesNotContain(root, removed);
            Assert.True(Directory.Exists(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>Runs <see cref="OrphanedClusterTests"/> with no other test class at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OrphanedClusterCollection
{
    public const string Name = "Orphaned clusters (alone)";
}
