using System.Net;
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

        // Port 0: the app binds a free port itself and says which, so no other process can take it between pick and bind.
        using var server = Cli.Start(
            project.Directory,
            new Dictionary<string, string> { ["GREETING"] = "hello from the worker", ["ASPNETCORE_ENVIRONMENT"] = "Development" },
            "dotnet", "run", "--no-build", "--no-launch-profile", "--", "--urls", "http://127.0.0.1:0");
        try
        {
            const string Listening = "Now listening on: ";
            var listening = server.WaitForLineAsync(line => line.Contains(Listening, StringComparison.Ordinal));
            var exited = server.Process.WaitForExitAsync();
            var first = await Task.WhenAny(listening, exited).WaitAsync(s_startTimeout);
            Assert.True(first == listening, $"The app exited with {(exited.IsCompleted ? server.Process.ExitCode : -1)} before it listened.");
            var line = await listening;
            var url = line[(line.IndexOf(Listening, StringComparison.Ordinal) + Listening.Length)..].Trim();
            Assert.Matches(@"^http://127\.0\.0\.1:[1-9][0-9]*$", url);

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
}
