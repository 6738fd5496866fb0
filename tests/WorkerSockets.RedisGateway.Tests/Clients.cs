using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace WorkerSockets.RedisGateway.Tests;

internal static class Clients
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A StackExchange.Redis multiplexer to the gateway, with its defaults (it is the real client under test) but admin
    /// commands allowed, so that FLUSHALL and CONFIG reach the gateway instead of being stopped by the client.
    /// </summary>
    public static Task<ConnectionMultiplexer> ConnectAsync(GatewayFixture fixture)
        => ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { fixture.Address },
            AbortOnConnectFail = true,
            AllowAdmin = true,
            ConnectTimeout = 15_000,
            SyncTimeout = 15_000,
            AsyncTimeout = 15_000,
        });

    /// <summary>A raw TCP client to the gateway, for bytes no well-behaved client sends.</summary>
    public static async Task<Socket> ConnectRawAsync(GatewayFixture fixture)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, fixture.Gateway.Address.Port).WaitAsync(Timeout);
        return socket;
    }

    /// <summary>Reads <paramref name="count"/> bytes, or fewer if the gateway ends the connection first.</summary>
    public static async Task<string> ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        var received = 0;
        try
        {
            while (received < count)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None).AsTask().WaitAsync(Timeout);
                if (read == 0)
                    break;
                received += read;
            }
        }
        catch (SocketException)
        {
        }

        return Encoding.ASCII.GetString(buffer, 0, received);
    }

    /// <summary>Reads until the gateway ends the connection.</summary>
    public static async Task<string> ReadToEndAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(Timeout);
            }
            catch (SocketException)
            {
                break;
            }

            if (read == 0)
                break;
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
