using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Infrastructure;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests;

public sealed class MapWorkerTests
{
    [Fact]
    public async Task MapWorker_uses_the_production_policy_by_default_so_loopback_is_refused()
    {
        await using var echo = new LoopbackEchoServer();
        await using var app = await StartAppAsync(echo.Address, configureOptions: null, pattern: "/{**path}");
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TestTimeouts.Default };

        var answer = await client.GetStringAsync("/probe");

        Assert.StartsWith("refused: proxy request failed, cannot connect to the specified address", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapWorker_uses_the_configured_policy_and_serves_only_its_pattern()
    {
        await using var echo = new LoopbackEchoServer();
        await using var app = await StartAppAsync(echo.Address, o => o.Policy = SocketPolicy.Development, pattern: "/worker/{**path}");
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TestTimeouts.Default };

        Assert.Equal("echo: probe", await client.GetStringAsync("/worker/probe"));
        using var outside = await client.GetAsync("/elsewhere/probe");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Fact]
    public void MapWorker_throws_the_combined_binding_error_when_the_app_is_mapped()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GREETING"] = "hi", ["ECHO_ADDRESS"] = "127.0.0.1:9" });
        var app = builder.Build();

        var exception = Assert.Throws<WorkerBindingException>(() => app.MapWorker<TestWorker>());

        Assert.Equal(["DB_PASSWORD (secret): missing"], exception.Problems);
    }

    [Fact]
    public void MapWorker_logs_where_an_apps_bindings_come_from_before_the_binding_error()
    {
        var builder = WebApplication.CreateBuilder();
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GREETING"] = "hi", ["ECHO_ADDRESS"] = "127.0.0.1:9" });
        var app = builder.Build();

        Assert.Throws<WorkerBindingException>(() => app.MapWorker<TestWorker>());

        var entry = Assert.Single(logs.Entries, e => e.Category == "WorkerSockets.Hosting.MapWorker");
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("Worker TestWorker cannot be mapped: DB_PASSWORD (secret): missing. In an ASP.NET Core app a binding is the configuration key of its name: set it in appsettings.json, user secrets (dotnet user-secrets set DB_PASSWORD <value>), an environment variable or the command line (--DB_PASSWORD <value>); .dev.vars is read only after builder.Configuration.AddDevVarsFile().", entry.Message);
    }

    [Theory]
    [InlineData("Development", "echo: probe", "socket policy Development (loopback and private networks allowed), because the host environment is Development")]
    [InlineData("Staging", "refused:", "socket policy Production (loopback and private networks denied), because the host environment is Staging")]
    public async Task Without_a_configured_policy_MapWorker_follows_the_host_environment_and_logs_its_choice(string environment, string answerStart, string logged)
    {
        await using var echo = new LoopbackEchoServer();
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAppAsync(echo.Address, configureOptions: null, pattern: "/{**path}", environment, logs);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TestTimeouts.Default };

        Assert.StartsWith(answerStart, await client.GetStringAsync("/probe"), StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message == $"Worker {nameof(TestWorker)}: {logged}.");
    }

    [Fact]
    public async Task A_configured_policy_wins_over_the_host_environment_and_the_log_says_so()
    {
        await using var echo = new LoopbackEchoServer();
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAppAsync(echo.Address, o => o.Policy = SocketPolicy.Production, "/{**path}", "Development", logs);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TestTimeouts.Default };

        Assert.StartsWith("refused:", await client.GetStringAsync("/probe"), StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Message.EndsWith("because set in WorkerHostOptions.Policy.", StringComparison.Ordinal));
    }

    private static async Task<WebApplication> StartAppAsync(string echoAddress, Action<WorkerHostOptions>? configureOptions, string pattern, string? environment = null, CapturingLoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment ?? Environments.Production });
        builder.Logging.ClearProviders();
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ECHO_ADDRESS"] = echoAddress, ["GREETING"] = "hi", ["DB_PASSWORD"] = "s3cret" });
        if (configureOptions is not null)
            builder.Services.AddWorkerHosting(configureOptions);
        var app = builder.Build();
        app.MapWorker<TestWorker>(pattern);
        await app.StartAsync();
        return app;
    }
}
