using System.Net;
using System.Net.Sockets;
using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>Test 4: a <c>dotnet new web</c> app with only WorkerSockets.Hosting added maps a worker and serves it.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class HostingTests(PackedFeed feed)
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(2);

    private const string Program = """
        using WorkerSockets;
        using WorkerSockets.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapWorker<HelloWorker>();
        app.Run();

        [Worker]
        public partial class HelloWorker
        {
            public Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx) =>
                Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
                {
                    Content = new StringContent($"{env.Greeting} at {request.RequestUri!.AbsolutePath}"),
                });
        }

        [WorkerEnv]
        public partial class Env
        {
            [Var("GREETING")]
            public partial string Greeting { get; }
        }
        """;

    [Fact]
    public async Task Web_app_with_MapWorker_starts_and_answers_a_request_through_the_worker()
    {
        var project = await ConsumerProject.CreateAsync(feed, "web", "WebConsumer", "WorkerSockets.Hosting");
        project.WriteFile("Program.cs", Program);
        (await project.BuildAsync()).EnsureSuccess();

        var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
        using var server = Cli.Start(
            project.Directory,
            new Dictionary<string, string> { ["GREETING"] = "hello from the worker", ["ASPNETCORE_ENVIRONMENT"] = "Development" },
            "dotnet", "run", "--no-build", "--no-launch-profile", "--", "--urls", url);
        try
        {
            var listening = server.WaitForLineAsync(line => line.Contains("Now listening on", StringComparison.Ordinal));
            var exited = server.Process.WaitForExitAsync();
            var first = await Task.WhenAny(listening, exited).WaitAsync(s_startTimeout);
            Assert.True(first == listening, $"The app exited with {(exited.IsCompleted ? server.Process.ExitCode : -1)} before it listened.");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.GetAsync($"{url}/greet");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hello from the worker at /greet", await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}{Environment.NewLine}Server output:{Environment.NewLine}{server.OutputText()}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
