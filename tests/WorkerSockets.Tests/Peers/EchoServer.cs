using System.Net.Sockets;

namespace WorkerSockets.Tests.Peers;

/// <summary>Sends back every byte it receives; ends its side when the client ends its side.</summary>
public sealed class EchoServer() : LoopbackServer(EchoAsync)
{
    /// <summary>Echoes <paramref name="stream"/> until end of stream.</summary>
    public static async Task EchoStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private static async Task EchoAsync(Socket socket, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await EchoStreamAsync(stream, cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
    }
}
