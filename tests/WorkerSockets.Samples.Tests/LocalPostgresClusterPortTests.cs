using System.Net;
using System.Net.Sockets;
using Customers.LocalPostgres;

namespace WorkerSockets.Samples.Tests;

/// <summary>The throwaway cluster picks a free port that another process may take before PostgreSQL binds it.</summary>
public sealed class LocalPostgresClusterPortTests
{
    [Fact]
    public async Task A_port_taken_before_the_server_binds_it_moves_the_cluster_to_a_free_one()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        int taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var cluster = await LocalPostgresCluster.StartAsync("port_test", [], "CREATE TABLE answer (x int); INSERT INTO answer VALUES (42);", taken, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(120));

        Assert.NotEqual(taken, cluster.Port);

        // psql finds the server by its port (the Unix socket is named for it), and TCP reaches it there too.
        Assert.Equal("42", (await cluster.PsqlAsync("SELECT x FROM answer", ["-t", "-A"]).WaitAsync(TimeSpan.FromSeconds(30))).Trim());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, cluster.Port).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
