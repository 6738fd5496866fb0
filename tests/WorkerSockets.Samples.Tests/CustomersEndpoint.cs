using System.Collections.Concurrent;
using System.Net;
using Customers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting;

namespace WorkerSockets.Samples.Tests;

/// <summary>The Customers worker on the real dev server (a free port), bound to one DB connection string.</summary>
internal sealed class CustomersEndpoint : IAsyncDisposable
{
    private readonly RunningWorkerHost _host;
    private readonly HttpClient _http;

    private CustomersEndpoint(RunningWorkerHost host, WarningCollector warnings)
    {
        _host = host;
        Warnings = warnings;
        _http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Warnings and errors the server logged (leaked sockets, failed WaitUntil work, handler failures).</summary>
    public WarningCollector Warnings { get; }

    public static Task<CustomersEndpoint> StartAsync(string connectionString, SocketPolicy policy)
        => StartAsync("DB", connectionString, policy);

    public static async Task<CustomersEndpoint> StartAsync(string bindingName, string connectionString, SocketPolicy policy, IEnumerable<KeyValuePair<string, string?>>? configuration = null)
    {
        var warnings = new WarningCollector();
        RunningWorkerHost host = await WorkerHost.StartAsync<CustomersWorker>(["--port", "0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection([new(bindingName, connectionString), .. configuration ?? []]);
            builder.Services.Configure<WorkerHostOptions>(options => options.Policy = policy);
            builder.Logging.AddProvider(warnings);
        }).WaitAsync(TimeSpan.FromSeconds(30));
        return new CustomersEndpoint(host, warnings);
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path = "/")
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Stops the server once requests in flight and their WaitUntil work have finished.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    internal sealed class WarningCollector : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Collector(WarningCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel) && category.StartsWith("WorkerSockets", StringComparison.Ordinal))
                {
                    owner.Messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.Message}");
                }
            }
        }
    }
}
