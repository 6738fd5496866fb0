using System.Net.Sockets;

namespace WorkerSockets.Tests.Peers;

/// <summary>Accepts and never speaks; holds each connection until the client goes away, then reports it.</summary>
public sealed class SilentPeer : LoopbackServer
{
    private readonly System.Threading.Channels.Channel<bool> _clientGone;

    /// <summary>Starts the peer.</summary>
    public SilentPeer()
        : this(System.Threading.Channels.Channel.CreateUnbounded<bool>())
    {
    }

    private SilentPeer(System.Threading.Channels.Channel<bool> clientGone)
        : base((socket, ct) => WaitForClientAsync(socket, clientGone.Writer, ct))
        => _clientGone = clientGone;

    /// <summary>Waits until some client connection has ended (FIN or reset).</summary>
    public async Task NextClientGoneAsync(TimeSpan timeout) => await _clientGone.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    private static async Task WaitForClientAsync(Socket socket, System.Threading.Channels.ChannelWriter<bool> clientGone, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is one way for the client to go.
        }

        clientGone.TryWrite(true);
    }
}
