using System.Net.Sockets;
using System.Threading.Channels;

namespace WorkerSockets.Tests.Peers;

/// <summary>Reads everything and never answers; reports what each connection sent once the client ends it.</summary>
public sealed class SinkServer : LoopbackServer
{
    private readonly Channel<byte[]> _received;

    /// <summary>Starts the sink.</summary>
    public SinkServer()
        : this(Channel.CreateUnbounded<byte[]>())
    {
    }

    private SinkServer(Channel<byte[]> received)
        : base((socket, ct) => DrainAsync(socket, received.Writer, ct))
        => _received = received;

    /// <summary>Waits until a connection has ended and returns every byte it sent.</summary>
    public async Task<byte[]> NextReceivedAsync(TimeSpan timeout) => await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    private static async Task DrainAsync(Socket socket, ChannelWriter<byte[]> received, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var all = new MemoryStream();
        try
        {
            await stream.CopyToAsync(all, cancellationToken);
        }
        catch (IOException)
        {
            // A reset still ends the connection; what arrived before it is the answer.
        }

        received.TryWrite(all.ToArray());
    }
}
