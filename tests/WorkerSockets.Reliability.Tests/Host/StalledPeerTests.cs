using WorkerSockets.Reliability.Tests.Infrastructure;
using WorkerSockets.Reliability.Tests.Workers;
using WorkerSockets.Tests.Peers;

namespace WorkerSockets.Reliability.Tests.Host;

public sealed class StalledPeerTests
{
    [Fact]
    public async Task Client_disconnecting_while_the_peer_stalls_aborts_the_requests_socket_promptly()
    {
        await using var peer = new SilentPeer();
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs);
        using var client = DevServer.ClientFor(host, peer.Address);
        using var leave = new CancellationTokenSource();

        var request = client.GetAsync("/stall", leave.Token);
        await ReliabilityWorker.StallOpened.Task.Within();
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await peer.NextClientGoneAsync(Timeouts.Prompt);
        var ended = await ReliabilityWorker.StallEnded.Task.Within(Timeouts.Prompt);
        Assert.Equal("The socket was aborted because the request was aborted.", Assert.IsType<IOException>(ended).Message);
    }
}
