using System.Text;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Infrastructure;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests;

public sealed class WorkerHostRunTests
{
    [Fact]
    public async Task RunAsync_prints_the_ready_line_with_the_bound_url_serves_it_and_stops_when_cancelled()
    {
        var output = new LineSignallingWriter();
        using var stop = new CancellationTokenSource();
        var running = WorkerHost.RunAsync<TestWorker>(
            ["--port", "0"],
            output,
            builder =>
            {
                builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
                {
                    InitialData = new Dictionary<string, string?> { ["ECHO_ADDRESS"] = "127.0.0.1:9", ["GREETING"] = "ready", ["DB_PASSWORD"] = "s3cret" },
                });
                builder.Logging.ClearProviders();
            },
            stop.Token);

        var line = await output.FirstLine.Task.WaitAsync(TestTimeouts.Default);
        Assert.Matches(@"^Ready on http://127\.0\.0\.1:\d+$", line);
        using (var client = new HttpClient { BaseAddress = new Uri(line["Ready on ".Length..]), Timeout = TestTimeouts.Default })
            Assert.Equal("ready", await client.GetStringAsync("/greeting"));

        await stop.CancelAsync();
        await running.WaitAsync(TestTimeouts.Default);
    }

    /// <summary>Completes <see cref="FirstLine"/> with the first line written, so the test waits on it instead of polling.</summary>
    private sealed class LineSignallingWriter : StringWriter
    {
        public TaskCompletionSource<string> FirstLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            FirstLine.TrySetResult(value ?? "");
            return base.WriteLineAsync(value);
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
