using System.Net;
using System.Net.Sockets;

namespace WorkerSockets.Samples.Tests;

/// <summary><see cref="OpenSockets"/> counts real connections, so "none left open" in the Customers tests means something.</summary>
public sealed class OpenSocketsTests
{
    [Fact]
    public async Task Counts_each_open_connection_to_a_port_and_none_once_they_are_closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.Equal(0, OpenSockets.CountTcpTo(port));

        using (var first = new TcpClient())
        using (var second = new TcpClient())
        {
            await first.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(30));
            await second.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(30));

            // The accepted ends are ours too, but their remote port is the client's, not the listener's.
            using var accepted = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, OpenSockets.CountTcpTo(port));
        }

        Assert.Equal(0, OpenSockets.CountTcpTo(port));
    }

    [Fact]
    public void Refuses_to_count_without_the_kernels_TCP_table()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-procfs-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<PlatformNotSupportedException>(() => OpenSockets.CountTcpTo(5432, missing));

        Assert.Equal($"Counting open sockets needs {Path.Combine(missing, "tcp")} (Linux procfs), which this machine does not have.", error.Message);
    }
}
