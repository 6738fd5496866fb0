using System.Net;
using System.Net.Sockets;
using WorkerSockets.Internal;

namespace WorkerSockets.Tests.Transport;

/// <summary>A connected loopback socket pair with the plaintext socket pipes on the client end, for transport tests.</summary>
internal sealed class ConnectedPair : IDisposable
{
    private ConnectedPair(Socket client, Socket peer)
    {
        Client = client;
        Peer = peer;
        var gate = new object();
        Reader = new SocketPipeReader(client, gate);
        Writer = new SocketPipeWriter(client, gate);
    }

    /// <summary>The end the pipes use.</summary>
    public Socket Client { get; }

    /// <summary>The other end, driven by the test.</summary>
    public Socket Peer { get; }

    public SocketPipeReader Reader { get; }

    public SocketPipeWriter Writer { get; }

    public static async Task<ConnectedPair> CreateAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        var peer = await accepting.WaitAsync(TimeSpan.FromSeconds(10));
        return new ConnectedPair(client, peer);
    }

    /// <summary>Sends all of <paramref name="bytes"/> from the peer.</summary>
    public async Task PeerSendsAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await Peer.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes at the peer.</summary>
    public async Task<byte[]> PeerReceivesAsync(int count)
    {
        var received = new byte[count];
        int total = 0;
        while (total < count)
        {
            int read = await Peer.ReceiveAsync(received.AsMemory(total), SocketFlags.None);
            if (read == 0)
            {
                throw new EndOfStreamException($"The client ended after {total} of {count} bytes.");
            }

            total += read;
        }

        return received;
    }

    public void Dispose()
    {
        Reader.Complete();
        Writer.Complete();
        Client.Dispose();
        Peer.Dispose();
    }
}
