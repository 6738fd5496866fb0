using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RedisGatewayBench;

/// <summary>
/// A redis-benchmark-style load: <c>connections</c> clients, each sending batches of <c>pipeline</c> commands (SET and GET
/// alternating) and reading exactly the replies' bytes before the next batch. Buffers are made once, so the load itself
/// allocates next to nothing per command and the process's allocation count is the server side's.
/// </summary>
internal sealed class PipelinedLoad(int connections, int pipeline)
{
    private const string Value = "xyz";

    /// <summary>Runs for <paramref name="duration"/> against <paramref name="port"/>; returns the commands answered.</summary>
    public async Task<long> RunAsync(int port, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var clients = Enumerable.Range(0, connections).Select(i => RunClientAsync(port, i, stop.Token)).ToArray();
        var counts = await Task.WhenAll(clients);
        return counts.Sum();
    }

    private async Task<long> RunClientAsync(int port, int client, CancellationToken stop)
    {
        var key = $"bench:{client}";
        var batch = new StringBuilder();
        var reply = new StringBuilder();
        for (var i = 0; i < pipeline; i++)
        {
            if (i % 2 == 0)
            {
                batch.Append($"*3\r\n$3\r\nSET\r\n${key.Length}\r\n{key}\r\n${Value.Length}\r\n{Value}\r\n");
                reply.Append("+OK\r\n");
            }
            else
            {
                batch.Append($"*2\r\n$3\r\nGET\r\n${key.Length}\r\n{key}\r\n");
                reply.Append($"${Value.Length}\r\n{Value}\r\n");
            }
        }

        var request = Encoding.ASCII.GetBytes(batch.ToString());
        var expected = Encoding.ASCII.GetBytes(reply.ToString());
        var received = new byte[expected.Length];
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        long commands = 0;
        while (!stop.IsCancellationRequested)
        {
            await socket.SendAsync(request.AsMemory(), SocketFlags.None);
            var got = 0;
            while (got < received.Length)
            {
                var read = await socket.ReceiveAsync(received.AsMemory(got), SocketFlags.None);
                if (read == 0)
                    throw new IOException($"The server closed the connection after {commands} commands.");
                got += read;
            }

            if (!received.AsSpan().SequenceEqual(expected))
                throw new InvalidDataException($"Unexpected replies: {Encoding.ASCII.GetString(received)}");
            commands += pipeline;
        }

        return commands;
    }
}
