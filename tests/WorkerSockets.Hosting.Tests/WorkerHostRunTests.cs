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

    [Fact]
    public async Task RunAsync_prints_the_environment_and_the_socket_policy_under_the_ready_line()
    {
        var output = new LineSignallingWriter();
        using var stop = new CancellationTokenSource();
        var running = WorkerHost.RunAsync<TestWorker>(["--port", "0", "--ECHO_ADDRESS", "127.0.0.1:9", "--GREETING", "g", "--DB_PASSWORD", "p"], output, b => b.Logging.ClearProviders(), stop.Token);
        await output.FirstLine.Task.WaitAsync(TestTimeouts.Default);

        await stop.CancelAsync();
        await running.WaitAsync(TestTimeouts.Default);

        var text = output.ToString();
        Assert.Contains("Environment: Development", text, StringComparison.Ordinal);
        Assert.Contains("Socket policy: Development (loopback and private networks allowed), because the host environment is Development", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "error: --port abc: not a TCP port (0 to 65535; 0 picks a free one).")]
    [InlineData("0", "error: 3 worker binding(s) missing or malformed: ECHO_ADDRESS (var): missing; GREETING (var): missing; DB_PASSWORD (secret): missing (bindings come from --var, the command line, environment variables, ")]
    public async Task A_start_up_failure_is_one_error_line_and_exit_code_1(string port, string expected)
    {
        string[] args = ["--port", port];
        var output = new StringWriter();
        var errors = new StringWriter();
        try
        {
            await WorkerHost.RunAsync<TestWorker>(args, output, b => b.Logging.ClearProviders(), CancellationToken.None, errors).WaitAsync(TestTimeouts.Default);

            var line = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(expected, line, StringComparison.Ordinal);
            if (port == "0")
                Assert.Matches(@"; to set them locally, add 'ECHO_ADDRESS=\.\.\.' and 'GREETING=\.\.\.' and 'DB_PASSWORD=\.\.\.' to \S*\.dev\.vars$", line);
            Assert.Equal(1, Environment.ExitCode);
            Assert.Empty(output.ToString());
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task A_busy_port_is_one_error_line_that_suggests_another_port()
    {
        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;
        var errors = new StringWriter();
        try
        {
            await WorkerHost.RunAsync<TestWorker>(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ECHO_ADDRESS", "127.0.0.1:9", "--GREETING", "g", "--DB_PASSWORD", "p"], new StringWriter(), null, CancellationToken.None, errors).WaitAsync(TestTimeouts.Default);

            var line = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: the port is already in use", line, StringComparison.Ordinal);
            Assert.Contains($":{port}", line, StringComparison.Ordinal);
            Assert.Contains("--port N", line, StringComparison.Ordinal);
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
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
