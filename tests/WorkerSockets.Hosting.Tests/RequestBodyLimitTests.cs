using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Infrastructure;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests;

/// <summary>The host's request-body limit (<see cref="WorkerHostOptions.MaxRequestBodySize"/>), enforced through the real dev server.</summary>
public sealed class RequestBodyLimitTests
{
    // Well under Kestrel's own 30 MB default, so only the host's limit can refuse these bodies.
    private const long Limit = 256 * 1024;

    [Fact]
    public async Task A_body_of_exactly_the_limit_reaches_the_handler_whole()
    {
        await using var host = await StartWithLimitAsync(new CapturingLoggerProvider());
        using var client = DevServer.ClientFor(host);

        using var response = await client.PostAsync("/upload", new GatedPatternContent(Limit, Task.CompletedTask));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Limit.ToString(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_one_byte_over_the_limit_never_reaches_the_handler_whole()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartWithLimitAsync(logs);
        using var client = DevServer.ClientFor(host);

        using var response = await client.PostAsync("/upload", new GatedPatternContent(Limit + 1, Task.CompletedTask));

        // Kestrel refuses the byte past the limit while the worker reads; the worker's read fails with Kestrel's refusal,
        // so the host answers that refusal's status (413), not a 500, and logs it. The handler never counts the whole body.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Payload Too Large", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        var failure = Assert.Single(logs.Entries, e => e.Message.StartsWith("The server refused", StringComparison.Ordinal));
        Assert.Equal("The server refused POST /upload; answered 413.", failure.Message);
        var refused = Assert.IsAssignableFrom<BadHttpRequestException>(failure.Exception);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, refused.StatusCode);
        Assert.Equal($"Request body too large. The max request body size is {Limit} bytes.", refused.Message);
    }

    private static Task<RunningWorkerHost> StartWithLimitAsync(CapturingLoggerProvider logs)
        => WorkerHost.StartAsync<TestWorker>(
            ["--port", "0", "--ECHO_ADDRESS", "127.0.0.1:9", "--GREETING", "hello", "--DB_PASSWORD", "unused"],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
                builder.Services.Configure<WorkerHostOptions>(options => options.MaxRequestBodySize = Limit);
            });
}
