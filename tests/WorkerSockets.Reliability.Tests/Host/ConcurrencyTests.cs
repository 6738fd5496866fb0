using System.Diagnostics;
using WorkerSockets.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WorkerSockets.Reliability.Tests.Host;

[Collection(ProcessWide.Name)]
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrent_requests_opening_eight_sockets_each_have_exactly_six_open_at_the_server_and_all_complete()
    {
        int requests = Figures.ConcurrentRequests;
        await using var server = new TaggingServer(holdBound: TimeSpan.FromSeconds(5));
        var logs = new CapturingLoggerProvider(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        await using var host = await DevServer.StartAsync(logs);
        using var client = DevServer.ClientFor(host, server.Address);
        client.Timeout = TimeSpan.FromMinutes(5);

        var timer = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(async id =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/fan-out");
            request.Headers.Add("X-Request-Id", $"r{id}");
            using var response = await client.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        })).Within(TimeSpan.FromMinutes(5));
        timer.Stop();

        var maxOpen = server.MaxOpenByRequest;
        Report("concurrent_requests", requests);
        Report("concurrent_seconds", timer.Elapsed.TotalSeconds.ToString("F1"));
        Report("max_open_per_request_at_server", maxOpen.Values.Max());
        Report("requests_that_reached_6_open", maxOpen.Values.Count(v => v == TaggingServer.Limit));

        Assert.All(responses, r => Assert.Equal("8 done", r));
        Assert.Equal(requests, maxOpen.Count);
        Assert.All(server.ConnectionsByRequest.Values, count => Assert.Equal(8, count));
        Assert.All(maxOpen, max => Assert.True(max.Value == TaggingServer.Limit, $"{max.Key} had {max.Value} open at once at the server"));
        Assert.Empty(logs.Entries);
    }

    private void Report(string name, object value)
    {
        output.WriteLine($"{name}={value}");
        Figures.Report(name, value);
    }
}
