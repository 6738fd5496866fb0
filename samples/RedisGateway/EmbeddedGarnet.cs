using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Garnet;

namespace RedisGateway;

/// <summary>
/// A Redis-compatible backend inside this process (Microsoft Garnet) on a free loopback port, for running the gateway
/// with nothing else installed: in memory, a small log, its files in a directory of its own that is removed on dispose.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private const int Attempts = 5;

    private readonly GarnetServer _server;
    private readonly string _directory;

    private EmbeddedGarnet(GarnetServer server, int port, string directory)
    {
        _server = server;
        Port = port;
        _directory = directory;
    }

    /// <summary>The loopback port the backend listens on.</summary>
    public int Port { get; }

    /// <summary>The backend's address, as the gateway's <c>REDIS_BACKEND</c> takes it.</summary>
    public string Address => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts Garnet on a free loopback port.</summary>
    /// <returns>The running backend; dispose it to stop it.</returns>
    public static EmbeddedGarnet Start()
    {
        // Garnet's checkpoint directory defaults to the current directory, and its own clean-up (cleanupDir) deletes it:
        // it gets a fresh directory, which only this class removes.
        var directory = Directory.CreateTempSubdirectory("redis-gateway-garnet-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            // Garnet cannot report a port the system picked, so one is picked here; another process may take it first.
            var port = FreeLoopbackPort();
            GarnetServer? server = null;
            try
            {
                server = new GarnetServer(
                    [
                        "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--memory", "64m", "--index", "16m",
                        "--checkpointdir", directory, "--logger-level", "Error",
                    ],
                    loggerFactory: null,
                    cleanupDir: false);
                server.Start();
                return new EmbeddedGarnet(server, port, directory);
            }
            catch (Exception e) when (attempt < Attempts && e is SocketException or IOException or InvalidOperationException)
            {
                server?.Dispose();
            }
            catch
            {
                server?.Dispose();
                Directory.Delete(directory, recursive: true);
                throw;
            }
        }
    }

    /// <summary>Stops the backend and removes its directory.</summary>
    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
