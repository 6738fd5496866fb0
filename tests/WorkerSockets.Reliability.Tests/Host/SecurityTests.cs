using System.Net;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting;
using WorkerSockets.Reliability.Tests.Infrastructure;
using WorkerSockets.Reliability.Tests.Workers;
using WorkerSockets.Tests.Peers;

namespace WorkerSockets.Reliability.Tests.Host;

public sealed class SecurityTests
{
    [Fact]
    public async Task Secret_value_is_absent_from_the_environments_text_and_every_log_line()
    {
        var logs = new CapturingLoggerProvider();
        await using (var host = await DevServer.StartAsync(logs))
        {
            using var client = DevServer.ClientFor(host, "127.0.0.1:9");
            var text = await client.GetStringAsync("/env-text").Within();

            Assert.Contains("hello", text, StringComparison.Ordinal);
            Assert.DoesNotContain(DevServer.Secret, text, StringComparison.Ordinal);
        }

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.FullText.Contains(DevServer.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handler_throwing_with_the_environment_in_its_message_logs_no_secret()
    {
        var logs = new CapturingLoggerProvider();
        await using (var host = await DevServer.StartAsync(logs))
        {
            using var client = DevServer.ClientFor(host, "127.0.0.1:9");
            using var response = await client.GetAsync("/throw-with-env").Within();

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("Internal Server Error", await response.Content.ReadAsStringAsync());
        }

        var failure = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        var exception = Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.StartsWith("Could not reach the API with", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DevServer.Secret, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.FullText.Contains(DevServer.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_binding_start_up_failure_names_the_missing_binding_and_never_the_secret()
    {
        var logs = new CapturingLoggerProvider();

        var exception = await Assert.ThrowsAsync<WorkerBindingException>(() => WorkerHost.StartAsync<ReliabilityWorker>(
            ["--port", "0", "--API_TOKEN", DevServer.Secret],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
            })).Within();

        Assert.Equal(["GREETING (var): missing"], exception.Problems);
        Assert.DoesNotContain(DevServer.Secret, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.FullText.Contains(DevServer.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Socket_of_one_request_cannot_be_read_by_a_concurrent_request_and_stays_usable_by_its_own()
    {
        await using var echo = new EchoServer();
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs);
        using var client = DevServer.ClientFor(host, echo.Address);

        var owner = client.GetStringAsync("/hold-shared");
        try
        {
            await ReliabilityWorker.SharedReady.Task.Within();

            var intruder = await client.GetStringAsync("/read-shared").Within();

            Assert.StartsWith("System.InvalidOperationException: Cannot perform I/O on behalf of a different request.", intruder, StringComparison.Ordinal);
        }
        finally
        {
            ReliabilityWorker.ReleaseShared.TrySetResult();
        }

        Assert.Equal("still mine", await owner.Within());
    }

    [Fact]
    public async Task TLS_to_an_untrusted_server_fails_and_never_falls_back_to_plaintext()
    {
        using var trusted = new TestCertificates();
        using var stranger = new TestCertificates();
        await using var server = new TlsServer(stranger.IssueServer("db.test"), upgrade: false);
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs, trusted.Trusting);
        using var client = DevServer.ClientFor(host, server.Address);
        client.DefaultRequestHeaders.Add("X-Tls-Name", "db.test");

        var outcome = await client.GetStringAsync("/tls").Within();

        Assert.StartsWith($"System.IO.IOException: proxy request failed, cannot connect to the specified address: TLS handshake with {server.Address} failed — the server's certificate is not trusted", outcome, StringComparison.Ordinal);
        Assert.Contains("\nwrite: System.IO.IOException: proxy request failed", outcome, StringComparison.Ordinal);
        Assert.DoesNotContain("plaintext", await server.NextOutcomeAsync(Timeouts.Prompt), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectedServerHostname_that_the_certificate_does_not_match_fails_the_handshake()
    {
        using var authority = new TestCertificates();
        await using var server = new TlsServer(authority.IssueServer("db.test"), upgrade: false);
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs, authority.Trusting);
        using var client = DevServer.ClientFor(host, server.Address);

        client.DefaultRequestHeaders.Add("X-Tls-Name", "db.test");
        Assert.Equal("opened", await client.GetStringAsync("/tls").Within());
        Assert.Equal("tls:db.test", await server.NextOutcomeAsync(Timeouts.Prompt));

        client.DefaultRequestHeaders.Remove("X-Tls-Name");
        client.DefaultRequestHeaders.Add("X-Tls-Name", "other.test");
        var outcome = await client.GetStringAsync("/tls").Within();

        Assert.StartsWith("System.IO.IOException: proxy request failed, cannot connect to the specified address: TLS handshake with ", outcome, StringComparison.Ordinal);
        Assert.Contains("the server's certificate is not valid for the name other.test", outcome.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("plaintext", await server.NextOutcomeAsync(Timeouts.Prompt), StringComparison.Ordinal);
    }
}
