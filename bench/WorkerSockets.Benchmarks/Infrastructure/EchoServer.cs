using System.Net.Sockets;

namespace WorkerSockets.Benchmarks.Infrastructure;

/// <summary>A loopback server that writes back whatever it reads, until the client ends its side.</summary>
public sealed class EchoServer : LoopbackListener
{
    public EchoServer() => Start();

    protected override void Accepted(Socket client) => _ = EchoAsync(client);

    private async Task EchoAsync(Socket client)
    {
        using (client)
        {
            client.NoDelay = true;
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, Stopping).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Stopping).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A client that aborts instead of closing ends its echo here.
            }
        }
    }
}
