using System.Net.Sockets;
using System.Text;

namespace WorkerSockets.RedisGateway.Tests;

/// <summary>
/// The gateway forwards runs of allowed commands as the client's original bytes: refused commands in between must still be
/// answered in their place, however the client's bytes are cut into reads.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PipelinedRefusalTests(GatewayFixture fixture)
{
    private const string Refusal = " is not allowed by this gateway; see docs/inbound-tcp.md for the allow-list\r\n";

    [Theory]
    [InlineData(0)] // the whole batch in one send
    [InlineData(1)] // one byte per send: every command, header and value arrives cut
    [InlineData(7)]
    [InlineData(4096)] // a large value spanning reads and buffer segments
    public async Task Refused_commands_anywhere_in_a_pipelined_batch_are_answered_in_order(int chunk)
    {
        var key = "test:" + Guid.NewGuid().ToString("N");
        var value = new string('v', 5000);
        var longName = new string('X', 40); // longer than any allowed name: skipped unread, arguments and all
        var batch = Command("FLUSHALL")
            + Command("SET", key, "1")
            + Command("GET", key)
            + Command("KEYS", "*")
            + Command("CONFIG", "GET", "maxmemory")
            + Command("INCR", key)
            + Command(longName, "a", "b")
            + Command("APPEND", key, value)
            + Command("GET", key)
            + Command("FLUSHDB")
            + Command("QUIT");
        var expected = "-ERR command 'FLUSHALL'" + Refusal
            + "+OK\r\n"
            + "$1\r\n1\r\n"
            + "-ERR command 'KEYS'" + Refusal
            + "-ERR command 'CONFIG'" + Refusal
            + ":2\r\n"
            + "-ERR command" + Refusal
            + $":{1 + value.Length}\r\n"
            + $"${1 + value.Length}\r\n2{value}\r\n"
            + "-ERR command 'FLUSHDB'" + Refusal
            + "+OK\r\n";
        using var raw = await Clients.ConnectRawAsync(fixture);
        var replies = Clients.ReadToEndAsync(raw);

        var bytes = Encoding.ASCII.GetBytes(batch);
        for (var sent = 0; sent < bytes.Length;)
        {
            var length = chunk == 0 ? bytes.Length : Math.Min(chunk, bytes.Length - sent);
            sent += await raw.SendAsync(bytes.AsMemory(sent, length), SocketFlags.None);
        }

        Assert.Equal(expected, await replies);
    }

    private static string Command(params string[] words)
    {
        var command = new StringBuilder().Append('*').Append(words.Length).Append("\r\n");
        foreach (var word in words)
            command.Append('$').Append(word.Length).Append("\r\n").Append(word).Append("\r\n");
        return command.ToString();
    }
}
