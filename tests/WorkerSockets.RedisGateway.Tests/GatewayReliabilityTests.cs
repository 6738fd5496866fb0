using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace WorkerSockets.RedisGateway.Tests;

/// <summary>
/// Many clients at once, most of them badly behaved: nothing hangs, each inbound connection opens at most its one backend
/// connection (far under its six), and every backend connection is closed once the clients are gone.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayReliabilityTests(GatewayFixture fixture)
{
    /// <summary>Connections per run: <c>WORKERSOCKETS_GATEWAY_CONNECTIONS</c> (scripts/reliability-full.sh sets 1,000), 100 by default.</summary>
    private static readonly int Connections = int.TryParse(Environment.GetEnvironmentVariable("WORKERSOCKETS_GATEWAY_CONNECTIONS"), CultureInfo.InvariantCulture, out var n) ? n : 100;

    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(3);

    private enum Behaviour
    {
        WellBehaved,
        Stalls,
        SendsGarbage,
        ResetsMidFrame,
    }

    [Fact]
    public async Task Concurrent_clients_that_stall_send_garbage_or_reset_mid_frame_leave_no_backend_connection_open()
    {
        await fixture.Relay.WaitUntilAllClosedAsync(Clients.Timeout);
        var backendsBefore = fixture.Relay.Total;
        var clock = Stopwatch.StartNew();

        // Every client connects and misbehaves at once; the stalled ones are let go only after all others finished.
        var stalled = new List<Socket>();
        var runs = Enumerable.Range(0, Connections).Select(i => RunClientAsync((Behaviour)(i % 4), i, stalled)).ToArray();
        var outcomes = await Task.WhenAll(runs).WaitAsync(RunLimit);
        var servedWhileOthersStalled = clock.Elapsed;
        int backendsWhileStalled;
        lock (stalled)
        {
            backendsWhileStalled = fixture.Relay.Open;
            foreach (var socket in stalled)
                socket.Dispose();
        }

        await fixture.Relay.WaitUntilAllClosedAsync(RunLimit);
        var backendsOpened = fixture.Relay.Total - backendsBefore;

        Assert.Equal(0, fixture.Relay.ConnectFailures);
        Assert.All(outcomes, outcome => Assert.True(outcome.Ok, outcome.Detail));
        Assert.InRange(backendsOpened, 1, Connections); // one backend connection per inbound connection at most
        Assert.Equal(0, fixture.Relay.Open);
        Report(("gateway_connections", Connections), ("gateway_backends_opened", backendsOpened), ("gateway_backends_open_when_others_done", backendsWhileStalled),
            ("gateway_backends_max_open", fixture.Relay.MaxOpen), ("gateway_seconds_until_all_served", (int)servedWhileOthersStalled.TotalSeconds));
    }

    private async Task<(bool Ok, string Detail)> RunClientAsync(Behaviour behaviour, int index, List<Socket> stalled)
    {
        var socket = await Clients.ConnectRawAsync(fixture);
        switch (behaviour)
        {
            case Behaviour.WellBehaved:
                using (socket)
                {
                    var key = $"rel:{index}";
                    await socket.SendAsync(Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n${key.Length}\r\n{key}\r\n$1\r\n{index % 10}\r\n*2\r\n$3\r\nGET\r\n${key.Length}\r\n{key}\r\n"), SocketFlags.None);
                    var expected = $"+OK\r\n$1\r\n{index % 10}\r\n";
                    var answer = await Clients.ReadExactlyAsync(socket, expected.Length);
                    return (answer == expected, $"client {index}: expected {expected!.Replace("\r\n", "\\r\\n", StringComparison.Ordinal)}, got {answer.Replace("\r\n", "\\r\\n", StringComparison.Ordinal)}");
                }

            case Behaviour.Stalls:
                // Half a command, then silence: the gateway waits for the rest, holding its backend connection.
                await socket.SendAsync("*2\r\n$3\r\nGET\r\n$3\r\nab"u8.ToArray(), SocketFlags.None);
                lock (stalled)
                    stalled.Add(socket);
                return (true, string.Empty);

            case Behaviour.SendsGarbage:
                using (socket)
                {
                    var noise = new byte[512];
                    new Random(index).NextBytes(noise);
                    noise[0] = (byte)'*'; // an array header that is not a number: Redis's protocol error, then the end
                    noise[^1] = (byte)'\n'; // the header line ends somewhere (without one, Redis too waits for more)
                    await socket.SendAsync(noise, SocketFlags.None);
                    var answer = await Clients.ReadToEndAsync(socket);
                    return (answer.StartsWith("-ERR Protocol error: ", StringComparison.Ordinal), $"client {index} (garbage): got {answer}");
                }

            default:
                using (socket)
                {
                    await socket.SendAsync("*3\r\n$3\r\nSET\r\n$5\r\nrel:x\r\n$100\r\npartial"u8.ToArray(), SocketFlags.None);
                    socket.LingerState = new LingerOption(true, 0); // the close below is a reset
                    return (true, string.Empty);
                }
        }
    }

    /// <summary>Appends figures to <c>WORKERSOCKETS_RELIABILITY_REPORT</c> when scripts/reliability-full.sh asks for them.</summary>
    private static void Report(params (string Name, int Value)[] figures)
    {
        if (Environment.GetEnvironmentVariable("WORKERSOCKETS_RELIABILITY_REPORT") is { Length: > 0 } path)
            File.AppendAllLines(path, figures.Select(f => $"{f.Name}={f.Value.ToString(CultureInfo.InvariantCulture)}"));
    }
}
