using System.Net.Sockets;

namespace WorkerSockets.Tests.Peers;

/// <summary>Waits for the client's first bytes, sends a greeting, then resets the connection (RST) in the middle of the stream.</summary>
public sealed class ResetPeer() : LoopbackServer(ResetAsync)
{
    /// <summary>The bytes sent before the reset.</summary>
    public static readonly byte[] Greeting = "partial"u8.ToArray();

    private static async Task ResetAsync(Socket socket, CancellationToken cancellationToken)
    {
        var first = new byte[1];
        if (await socket.ReceiveAsync(first, SocketFlags.None, cancellationToken) == 0)
        {
            return;
        }

        await socket.SendAsync(Greeting, SocketFlags.None, cancellationToken);
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}
