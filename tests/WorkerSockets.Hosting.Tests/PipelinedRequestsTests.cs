using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

/// <summary>
/// HTTP/1.1 requests pipelined on one connection, to a handler that answers without waiting: the server's next request
/// follows each response on the same thread (the host hands the server no task of its own to hop through), so this
/// shows that neither nests requests without bound nor reorders or drops them.
/// </summary>
public sealed partial class PipelinedRequestsTests
{
    private const int Requests = 2_000;

    [Fact]
    public async Task Two_thousand_pipelined_requests_on_one_connection_are_answered_in_order()
    {
        await using var host = await DevServer.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(host.Address.Host, host.Address.Port);
        var stream = client.GetStream();

        var request = Encoding.ASCII.GetBytes($"GET /count HTTP/1.1\r\nHost: {host.Address.Authority}\r\n\r\n");
        var all = new byte[request.Length * Requests];
        for (var i = 0; i < Requests; i++)
            request.CopyTo(all, i * request.Length);
        var sending = stream.WriteAsync(all).AsTask();

        var received = new StringBuilder();
        var buffer = new byte[64 * 1024];
        var answered = 0;
        while (answered < Requests)
        {
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TestTimeouts.Default);
            Assert.True(read > 0, $"the server closed the connection after {answered} responses");
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            answered = StatusLine().Count(received.ToString());
        }

        await sending;
        var counts = Body().Matches(received.ToString()).Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(Requests, counts.Length);
        // The worker counts the requests it served: one after another, in the order they were sent.
        Assert.Equal(Enumerable.Range(counts[0], Requests), counts);
    }

    [GeneratedRegex(@"HTTP/1\.1 200 OK\r\n")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"\r\n\r\n(\d+)(?=HTTP/1\.1|$)")]
    private static partial Regex Body();
}
