using System.Net.Sockets;
using System.Threading.Channels;

namespace WorkerSockets.Tests.Peers;

/// <summary>Sends a greeting and ends its side at once, then reads until the client ends too and reports what arrived.</summary>
public sealed class HalfClosePeer : LoopbackServer
{
    /// <summary>The bytes sent before this peer's FIN.</summary>
    public static readonly byte[] Greeting = "bye"u8.ToArray();

    private readonly Channel<byte[]> _received;

    /// <summary>Starts the peer.</summary>
    public HalfClosePeer()
        : this(Channel.CreateUnbounded<byte[]>())
    {
    }

    private HalfClosePeer(Channel<byte[]> received)
        : base((socket, ct) => ServeAsync(socket, received.Writer, ct))
        => _received = received;

    /// <summary>Waits until the client has ended its side and returns what it sent after the greeting.</summary>
    public async Task<byte[]> NextReceivedAsync(TimeSpan timeout) => await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    private static async Task ServeAsync(Socket socket, ChannelWriter<byte[]> received, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Greeting, cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
        using var all = new MemoryStream();
        await stream.CopyToAsync(all, cancellationToken);
        received.TryWrite(all.ToArray());
    }
}
