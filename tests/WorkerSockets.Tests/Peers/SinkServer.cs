using System.Net.Sockets;
using System.Threading.Channels;

namespace WorkerSockets.Tests.Peers;

/// <summary>Reads everything and never answers; reports what each connection sent once the client ends it.</summary>
public sealed class SinkServer : LoopbackServer
{
    private readonly Channel<(byte[] Received, IOException? Reset)> _endings;

    /// <summary>Starts the sink.</summary>
    public SinkServer()
        : this(Channel.CreateUnbounded<(byte[], IOException?)>())
    {
    }

    private SinkServer(Channel<(byte[] Received, IOException? Reset)> endings)
        : base((socket, ct) => DrainAsync(socket, endings.Writer, ct))
        => _endings = endings;

    /// <summary>Waits until a connection has ended and returns every byte it sent.</summary>
    public async Task<byte[]> NextReceivedAsync(TimeSpan timeout) => (await NextEndingAsync(timeout)).Received;

    /// <summary>Waits until a connection has ended: every byte it sent, and the error if it ended by a reset rather than a FIN.</summary>
    public async Task<(byte[] Received, IOException? Reset)> NextEndingAsync(TimeSpan timeout) => await _endings.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    private static async Task DrainAsync(Socket socket, ChannelWriter<(byte[], IOException?)> endings, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var all = new MemoryStream();
        IOException? reset = null;
        try
        {
            await stream.CopyToAsync(all, cancellationToken);
        }
        catch (IOException e)
        {
            // A reset still ends the connection; what arrived before it is the answer.
            reset = e;
        }

        endings.TryWrite((all.ToArray(), reset));
    }
}
