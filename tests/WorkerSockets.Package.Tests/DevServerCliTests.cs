using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using WorkerSockets.Package.Tests.Infrastructure;

namespace WorkerSockets.Package.Tests;

/// <summary>
/// The dev server as a newcomer meets it: a console app with only WorkerSockets.Hosting added, a realistic
/// wrangler.toml, and <c>dotnet run --project</c> from another folder.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class DevServerCliTests(PackedFeed feed)
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(2);

    private const string WranglerToml = """
        name = "shop"
        main = "src/index.ts"
        compatibility_date = "2025-01-01"

        [vars]
        API_HOST = "api.dev.example"
        PORT = 5432
        ALLOWED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]

        [secrets]
        required = ["API_TOKEN"]

        [[kv_namespaces]]
        binding = "CACHE"
        id = "0f2ac74b498b48028cb68387c421e279"

        [env.production.vars]
        API_HOST = "api.shop.example"
        PORT = 6432
        ALLOWED_ORIGINS = ["https://shop.example"]

        [env.production.secrets]
        required = ["API_TOKEN"]
        """;

    private const string Program = """
        using WorkerSockets;
        using WorkerSockets.Hosting;

        await WorkerHost.RunAsync<ShopWorker>(args);

        [Worker]
        public partial class ShopWorker
        {
            public HttpResponseMessage Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
            {
                int port = env.Port;   // [Var] chose int: no cast needed for Sockets.Connect(host, port)
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
                {
                    Content = new StringContent($"{env.ApiHost}:{port} {string.Join(",", env.AllowedOrigins)} token={env.ApiToken.Length}"),
                };
            }
        }

        [WorkerEnv]
        public partial class Env
        {
            [Var("PORT")] public partial int Port { get; }
        }
        """;

    private Task<ConsumerProject>? _project;

    [Fact]
    public async Task Dev_server_started_from_another_folder_reads_dev_vars_beside_the_wrangler_config_and_says_what_it_runs_with()
    {
        var project = await ProjectAsync();
        project.WriteFile(".dev.vars", "API_TOKEN=tok-from-dev-vars\n");
        try
        {
            var (lines, body) = await ServeOnceAsync(project, []);

            Assert.Equal("api.dev.example:5432 http://localhost:3000,http://127.0.0.1:3000 token=17", body);
            Assert.Contains(lines, l => l.StartsWith("Environment: Development;", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("Socket policy: Development", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(project.PathOf(".dev.vars"));
        }
    }

    [Fact]
    public async Task Env_option_selects_the_wrangler_environment()
    {
        var project = await ProjectAsync();

        var (_, body) = await ServeOnceAsync(project, ["--env", "production", "--API_TOKEN", "t"]);

        Assert.Equal("api.shop.example:6432 https://shop.example token=1", body);
    }

    [Fact]
    public async Task A_missing_secret_is_one_error_line_naming_the_dev_vars_path_and_exit_code_1()
    {
        var project = await ProjectAsync();

        var run = await RunFromElsewhereAsync(project, "--port", "0");

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(ErrorLines(run.Output));
        Assert.Contains("API_TOKEN (secret): missing", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(project.Directory, ".dev.vars") + " (not found", error, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), run.Output);
    }

    [Theory]
    [InlineData("--port", "abc", "error: --port abc: not a TCP port")]
    [InlineData("--env", "prod", "error: --env prod: wrangler.toml declares no [env.prod] (it declares 'production'); add the section [env.prod] to wrangler.toml, or name one it declares")]
    public async Task A_bad_option_is_one_error_line_and_exit_code_1(string option, string value, string expected)
    {
        var project = await ProjectAsync();

        var run = await RunFromElsewhereAsync(project, option, value, "--API_TOKEN", "t");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith(expected, Assert.Single(ErrorLines(run.Output)), StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), run.Output);
    }

    [Fact]
    public async Task A_busy_port_is_reported_once_with_a_hint_to_use_another_and_exit_code_1()
    {
        var project = await ProjectAsync();
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await RunFromElsewhereAsync(project, "--port", port, "--API_TOKEN", "t");

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(ErrorLines(run.Output));
        Assert.StartsWith("error: the port is already in use", error, StringComparison.Ordinal);
        Assert.Contains("--port N", error, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(run.Output, $":{port}\\b"));
        Assert.DoesNotMatch(StackFrame(), run.Output);
    }

    [Fact]
    public async Task Help_lists_the_options_and_exits_with_0()
    {
        var project = await ProjectAsync();

        var run = await RunFromElsewhereAsync(project, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--port N", run.Output, StringComparison.Ordinal);
        Assert.Contains("--env NAME", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Ready on", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_build_notes_each_binding_kind_the_package_does_not_implement_and_stamps_the_package_version()
    {
        var project = await ProjectAsync();
        var log = project.PathOf("build.sarif");
        var generated = project.PathOf("generated");

        (await project.DotNetAsync("build", "-tl:off", "-nologo", "--no-restore", "--no-incremental", $"-p:ErrorLog={log}", "-p:EmitCompilerGeneratedFiles=true", $"-p:CompilerGeneratedFilesOutputPath={generated}")).EnsureSuccess();

        var sarif = File.ReadAllText(log);
        Assert.Single(Regex.Matches(sarif, "\"ruleId\":\\s*\"WSK111\""));
        Assert.Contains("KV namespace binding 'CACHE'", sarif, StringComparison.Ordinal);
        var env = File.ReadAllText(Directory.GetFiles(generated, "Env.WorkerEnv.g.cs", SearchOption.AllDirectories).Single());
        Assert.Contains($"GeneratedCode(\"WorkerSockets.Generators\", \"{feed.Version}\")", env, StringComparison.Ordinal);
    }

    private async Task<ConsumerProject> ProjectAsync()
    {
        var project = await (_project ??= CreateAsync());
        return project;

        async Task<ConsumerProject> CreateAsync()
        {
            var created = await ConsumerProject.CreateAsync(feed, "console", "Shop", "WorkerSockets.Hosting");
            created.WriteFile("wrangler.toml", WranglerToml);
            created.WriteFile("Program.cs", Program);
            (await created.BuildAsync()).EnsureSuccess();
            return created;
        }
    }

    /// <summary>Runs the built app with <c>dotnet run --project</c> from the folder above the project, as a user might.</summary>
    private static Task<CliResult> RunFromElsewhereAsync(ConsumerProject project, params string[] args) =>
        Cli.RunAsync(Path.GetDirectoryName(project.Directory)!, ConsumerProject.CommandTimeout, null, ["dotnet", "run", "--no-build", "--no-launch-profile", "--project", project.Directory, "--", .. args]);

    private static async Task<(List<string> Lines, string Body)> ServeOnceAsync(ConsumerProject project, string[] args)
    {
        using var server = Cli.Start(
            Path.GetDirectoryName(project.Directory)!,
            null,
            ["dotnet", "run", "--no-build", "--no-launch-profile", "--project", project.Directory, "--", "--port", "0", .. args]);
        try
        {
            var ready = server.WaitForLineAsync(line => line.StartsWith("Ready on ", StringComparison.Ordinal));
            var exited = server.Process.WaitForExitAsync();
            Assert.True(await Task.WhenAny(ready, exited).WaitAsync(s_startTimeout) == ready, "The dev server exited before it was ready.");
            await server.WaitForLineAsync(line => line.StartsWith("Socket policy:", StringComparison.Ordinal)).WaitAsync(s_startTimeout);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var body = await http.GetStringAsync((await ready)["Ready on ".Length..] + "/");
            return (server.OutputText().ReplaceLineEndings("\n").Split('\n').ToList(), body);
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}{Environment.NewLine}Server output:{Environment.NewLine}{server.OutputText()}");
        }
    }

    private static List<string> ErrorLines(string output) =>
        [.. output.ReplaceLineEndings("\n").Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("crit", StringComparison.OrdinalIgnoreCase))];

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
