using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Infrastructure;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests;

public sealed class DevServerTests
{
    [Fact]
    public async Task Handler_answers_with_what_a_loopback_echo_server_sent_back_over_a_worker_socket()
    {
        await using var echo = new LoopbackEchoServer();
        await using var host = await DevServer.StartAsync(echoAddress: echo.Address);
        using var client = DevServer.ClientFor(host);

        using var response = await client.PostAsync("/echo", new StringContent("hello over tcp"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo: hello over tcp", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Worker_sees_the_method_url_headers_and_body_and_its_status_and_headers_reach_the_client()
    {
        await using var host = await DevServer.StartAsync();
        using var client = DevServer.ClientFor(host);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/items/inspect?id=7") { Content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Test", ["one", "two"]);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("seen", Assert.Single(response.Headers.GetValues("X-Worker")));
        Assert.Equal("PUT\n/items/inspect?id=7\none, two\napplication/json\n{\"a\":1}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Client_going_away_mid_request_aborts_the_requests_sockets()
    {
        await using var echo = new LoopbackEchoServer();
        await using var host = await DevServer.StartAsync(echoAddress: echo.Address);
        using var client = DevServer.ClientFor(host);
        using var leave = new CancellationTokenSource();

        var request = client.GetAsync("/hold", leave.Token);
        await TestWorker.HeldSocketOpened.Task.WaitAsync(TestTimeouts.Default);
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        var ended = await TestWorker.HeldSocketEnded.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal("The socket was aborted because the request was aborted.", Assert.IsType<IOException>(ended).Message);
    }

    [Fact]
    public async Task Dev_server_listens_on_loopback_at_the_port_it_reports()
    {
        await using var host = await DevServer.StartAsync();

        Assert.Equal("http", host.Address.Scheme);
        Assert.Equal("127.0.0.1", host.Address.Host);

        // A plain TCP client at exactly that address and port gets the worker's answer.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.Address.Port).WaitAsync(TestTimeouts.Default);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync("GET /greeting HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray());
        var reply = await new StreamReader(stream).ReadToEndAsync().WaitAsync(TestTimeouts.Default);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", reply, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello from the defaults", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_worker_instance_serves_every_request()
    {
        await using var host = await DevServer.StartAsync();
        using var client = DevServer.ClientFor(host);

        Assert.Equal("1", await client.GetStringAsync("/count"));
        Assert.Equal("2", await client.GetStringAsync("/count"));
    }

    [Fact]
    public async Task WaitUntil_work_finishes_after_the_response_was_sent_and_can_still_use_the_requests_socket()
    {
        await using var echo = new LoopbackEchoServer();
        await using var host = await DevServer.StartAsync(echoAddress: echo.Address);
        using var client = DevServer.ClientFor(host);

        // The WaitUntil work is blocked on a signal only the test gives: the response cannot have waited for it.
        using var response = await client.GetAsync("/wait-until").WaitAsync(TestTimeouts.Default);
        Assert.Equal("answered", await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default));
        Assert.False(TestWorker.WaitUntilDone.Task.IsCompleted);

        TestWorker.WaitUntilGoAhead.SetResult();

        Assert.Equal("after the response", await TestWorker.WaitUntilDone.Task.WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task Stopping_the_dev_server_waits_for_WaitUntil_work_still_running_after_the_response()
    {
        var host = await DevServer.StartAsync();
        try
        {
            using (var client = DevServer.ClientFor(host))
                Assert.Equal("answered", await client.GetStringAsync("/slow-wait-until"));

            var stopping = host.StopAsync();
            Assert.False(stopping.IsCompleted);

            TestWorker.SlowWorkRelease.SetResult();
            await stopping.WaitAsync(TestTimeouts.Default);
            Assert.True(TestWorker.SlowWorkDone.Task.IsCompletedSuccessfully);
        }
        finally
        {
            TestWorker.SlowWorkRelease.TrySetResult();
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Socket_used_by_a_second_request_fails_it_with_500_and_logs_the_cross_request_error()
    {
        await using var echo = new LoopbackEchoServer();
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs, echo.Address);
        using var client = DevServer.ClientFor(host);

        try
        {
            // The stashing request stays alive (WaitUntil) so its socket is live, just not this request's.
            using var stashed = await client.GetAsync("/stash");
            Assert.Equal(HttpStatusCode.OK, stashed.StatusCode);

            using var used = await client.GetAsync("/use-stashed");

            Assert.Equal(HttpStatusCode.InternalServerError, used.StatusCode);
            Assert.Equal("Internal Server Error", await used.Content.ReadAsStringAsync());
            var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
            Assert.Equal(typeof(TestWorker).FullName, error.Category);
            Assert.StartsWith("Cannot perform I/O on behalf of a different request.", error.Exception?.Message, StringComparison.Ordinal);
            Assert.Contains("GET /use-stashed", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            TestWorker.ReleaseStashingRequest.TrySetResult();
        }
    }

    [Fact]
    public async Task Handler_exception_is_answered_with_a_bare_500_and_logged_under_the_workers_name()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs);
        using var client = DevServer.ClientFor(host);

        using var response = await client.GetAsync("/throw?q=1");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("Internal Server Error", body);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(typeof(TestWorker).FullName, error.Category);
        Assert.Equal(TestWorker.SensitiveDetail, Assert.IsType<InvalidOperationException>(error.Exception).Message);
        Assert.Contains("GET /throw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bindings_fail_start_up_with_one_exception_naming_each_of_them()
    {
        var exception = await Assert.ThrowsAsync<WorkerBindingException>(
            () => WorkerHost.StartAsync<TestWorker>(["--port", "0"], builder => builder.Logging.ClearProviders()));

        Assert.Equal(["ECHO_ADDRESS (var): missing", "GREETING (var): missing", "DB_PASSWORD (secret): missing"], exception.Problems);
        Assert.Contains("3 worker binding(s) missing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_values_do_not_appear_in_the_bound_environments_text()
    {
        await using var host = await DevServer.StartAsync(args: ["--DB_PASSWORD", "hunter2"]);
        using var client = DevServer.ClientFor(host);

        var text = await client.GetStringAsync("/env");

        Assert.Contains("hello from the defaults", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bindings_come_from_dev_vars_in_the_content_root_which_wins_over_appsettings()
    {
        var root = Directory.CreateTempSubdirectory("worker-dev-vars-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "appsettings.json"), """{ "GREETING": "from appsettings" }""");
            await File.WriteAllTextAsync(Path.Combine(root.FullName, ".dev.vars"), "# local secrets\nGREETING=\"hello from .dev.vars\" # a comment\nDB_PASSWORD='s3cret'\n");
            await using var host = await DevServer.StartAsync(args: ["--contentRoot", root.FullName]);
            using var client = DevServer.ClientFor(host);

            Assert.Equal("hello from .dev.vars", await client.GetStringAsync("/greeting"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Wrangler_toml_vars_are_defaults_that_dev_vars_override()
    {
        var root = Directory.CreateTempSubdirectory("worker-dev-vars-");
        try
        {
            await using (var host = await DevServer.StartAsync(args: ["--contentRoot", root.FullName]))
            using (var client = DevServer.ClientFor(host))
                Assert.Equal("api.example.com", await client.GetStringAsync("/api-host"));

            await File.WriteAllTextAsync(Path.Combine(root.FullName, ".dev.vars"), "API_HOST=localhost:8080\n");
            await using (var host = await DevServer.StartAsync(args: ["--contentRoot", root.FullName]))
            using (var client = DevServer.ClientFor(host))
                Assert.Equal("localhost:8080", await client.GetStringAsync("/api-host"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Command_line_bindings_win_over_dev_vars()
    {
        var root = Directory.CreateTempSubdirectory("worker-dev-vars-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root.FullName, ".dev.vars"), "GREETING=from dev vars\n");
            await using var host = await DevServer.StartAsync(args: ["--contentRoot", root.FullName, "--GREETING", "from the command line"]);
            using var client = DevServer.ClientFor(host);

            Assert.Equal("from the command line", await client.GetStringAsync("/greeting"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_100_MiB_upload_reaches_the_handler_while_the_client_is_still_sending()
    {
        const long size = WorkerHostOptions.DefaultMaxRequestBodySize;
        await using var host = await DevServer.StartAsync();
        using var client = DevServer.ClientFor(host);

        // The client sends one chunk, then waits for the handler to have read it: a buffering host would never call the handler.
        using var content = new GatedPatternContent(size, TestWorker.UploadFirstBytesSeen.Task);
        using var response = await client.PostAsync("/upload", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size.ToString(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Response_body_reaches_the_client_while_the_worker_is_still_writing_it()
    {
        await using var host = await DevServer.StartAsync();
        using var client = DevServer.ClientFor(host);

        using var response = await client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        // The worker's content sends its second part only after the test has read the first.
        Assert.Equal("first part|", await ReadExactlyAsync(body, "first part|".Length));
        TestWorker.DownloadFirstPartRead.SetResult();
        Assert.Equal("second part", await new StreamReader(body).ReadToEndAsync().WaitAsync(TestTimeouts.Default));
    }

    private static async Task<string> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TestTimeouts.Default);
        return Encoding.UTF8.GetString(buffer);
    }
}
