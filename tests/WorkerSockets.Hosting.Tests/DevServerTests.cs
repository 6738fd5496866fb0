using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Infrastructure;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests;

public sealed class DevServerTests
{
    [Fact(Skip = Pending.Runtime)]
    public async Task Handler_answers_with_what_a_loopback_echo_server_sent_back_over_a_worker_socket()
    {
        await using var echo = new LoopbackEchoServer();
        await using var host = await DevServer.StartAsync<EchoWorker>(args: ["--ECHO_ADDRESS", echo.Address]);
        using var client = DevServer.ClientFor(host);

        using var response = await client.PostAsync("/", new StringContent("hello over tcp"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo: hello over tcp", await response.Content.ReadAsStringAsync());
    }

    [Fact(Skip = Pending.Runtime)]
    public async Task Dev_server_listens_on_loopback_at_the_port_it_reports()
    {
        await using var host = await DevServer.StartAsync<ThrowingWorker>();

        Assert.Equal("http", host.Address.Scheme);
        Assert.Equal("127.0.0.1", host.Address.Host);
        Assert.NotEqual(0, host.Address.Port);
    }

    [Fact(Skip = Pending.Runtime)]
    public async Task WaitUntil_work_finishes_after_the_response_was_sent_and_can_still_use_the_requests_socket()
    {
        await using var echo = new LoopbackEchoServer();
        await using var host = await DevServer.StartAsync<WaitUntilWorker>(args: ["--ECHO_ADDRESS", echo.Address]);
        using var client = DevServer.ClientFor(host);

        // The WaitUntil work is blocked on GoAhead, which only the test completes: the response cannot wait for it.
        using var response = await client.GetAsync("/").WaitAsync(TestTimeouts.Default);
        Assert.Equal("answered", await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default));
        Assert.False(WaitUntilWorker.WorkDone.Task.IsCompleted);

        WaitUntilWorker.GoAhead.SetResult();

        Assert.Equal("after the response", await WaitUntilWorker.WorkDone.Task.WaitAsync(TestTimeouts.Default));
    }

    [Fact(Skip = Pending.Runtime)]
    public async Task Socket_used_by_a_second_request_fails_it_with_500_and_logs_the_cross_request_error()
    {
        await using var echo = new LoopbackEchoServer();
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync<SocketStashingWorker>(logs, "--ECHO_ADDRESS", echo.Address);
        using var client = DevServer.ClientFor(host);

        try
        {
            using var stashed = await client.GetAsync("/stash");
            Assert.Equal(HttpStatusCode.OK, stashed.StatusCode);

            using var used = await client.GetAsync("/use");

            Assert.Equal(HttpStatusCode.InternalServerError, used.StatusCode);
            var body = await used.Content.ReadAsStringAsync();
            Assert.DoesNotContain("different request", body, StringComparison.OrdinalIgnoreCase);
            var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
            Assert.Equal(typeof(SocketStashingWorker).FullName, error.Category);
            Assert.Contains("different request", error.Exception?.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            SocketStashingWorker.ReleaseStashingRequest.TrySetResult();
        }
    }

    [Fact(Skip = Pending.Runtime)]
    public async Task Handler_exception_is_answered_with_a_bare_500_and_logged_under_the_workers_name()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync<ThrowingWorker>(logs);
        using var client = DevServer.ClientFor(host);

        using var response = await client.GetAsync("/some/path?q=1");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("Internal Server Error", body);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(typeof(ThrowingWorker).FullName, error.Category);
        Assert.Equal(ThrowingWorker.SensitiveDetail, Assert.IsType<InvalidOperationException>(error.Exception).Message);
        Assert.Contains("GET /some/path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bindings_fail_start_up_with_one_exception_naming_each_of_them()
    {
        var exception = await Assert.ThrowsAsync<WorkerBindingException>(() => DevServer.StartAsync<SecretsWorker>());

        Assert.Equal(["GREETING (var): missing", "DB_PASSWORD (secret): missing"], exception.Problems);
        Assert.Contains("GREETING", exception.Message, StringComparison.Ordinal);
        Assert.Contains("DB_PASSWORD", exception.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = Pending.Runtime)]
    public async Task Bindings_come_from_dev_vars_in_the_content_root_which_wins_over_appsettings()
    {
        var root = Directory.CreateTempSubdirectory("worker-dev-vars-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "appsettings.json"), """{ "GREETING": "from appsettings" }""");
            await File.WriteAllTextAsync(Path.Combine(root.FullName, ".dev.vars"), "# local secrets\nGREETING=\"hello from .dev.vars\" # a comment\nDB_PASSWORD='s3cret'\n");
            await using var host = await DevServer.StartAsync<SecretsWorker>(args: ["--contentRoot", root.FullName]);
            using var client = DevServer.ClientFor(host);

            Assert.Equal("hello from .dev.vars", await client.GetStringAsync("/"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact(Skip = Pending.Runtime)]
    public async Task Command_line_bindings_win_over_dev_vars()
    {
        var root = Directory.CreateTempSubdirectory("worker-dev-vars-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root.FullName, ".dev.vars"), "GREETING=from dev vars\nDB_PASSWORD=s3cret\n");
            await using var host = await DevServer.StartAsync<SecretsWorker>(args: ["--contentRoot", root.FullName, "--GREETING", "from the command line"]);
            using var client = DevServer.ClientFor(host);

            Assert.Equal("from the command line", await client.GetStringAsync("/"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact(Skip = Pending.Runtime)]
    public async Task A_100_MiB_upload_reaches_the_handler_while_the_client_is_still_sending()
    {
        const long size = WorkerHostOptions.DefaultMaxRequestBodySize;
        await using var host = await DevServer.StartAsync<StreamingWorker>();
        using var client = DevServer.ClientFor(host);

        // The client sends one chunk, then waits for the handler to have read it: a buffering host would never call the handler.
        using var content = new GatedPatternContent(size, StreamingWorker.PatternByte, StreamingWorker.UploadFirstBytesSeen.Task);
        using var response = await client.PostAsync("/upload", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size.ToString(), await response.Content.ReadAsStringAsync());
    }

    [Fact(Skip = Pending.Runtime)]
    public async Task Response_body_reaches_the_client_while_the_worker_is_still_writing_it()
    {
        await using var host = await DevServer.StartAsync<StreamingWorker>();
        using var client = DevServer.ClientFor(host);

        using var response = await client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        // The worker's content sends its second part only after the test has read the first.
        var first = await ReadExactlyAsync(body, "first part|".Length);
        Assert.Equal("first part|", first);
        StreamingWorker.DownloadFirstPartRead.SetResult();
        Assert.Equal("second part", await new StreamReader(body).ReadToEndAsync().WaitAsync(TestTimeouts.Default));
    }

    private static async Task<string> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TestTimeouts.Default);
        return Encoding.UTF8.GetString(buffer);
    }
}
