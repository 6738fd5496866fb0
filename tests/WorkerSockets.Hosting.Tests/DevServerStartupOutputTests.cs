using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

/// <summary>What a newcomer from <c>wrangler dev</c> reads first: where it listens, what config, environment and secrets files are in effect.</summary>
public sealed class DevServerStartupOutputTests
{
    [Fact]
    public async Task First_lines_say_where_it_listens_which_config_environment_and_secrets_file_apply_without_secret_values()
    {
        using var project = new TempDirectory();
        var config = project.Write("wrangler.toml", "name = \"shop\"\n\n[dev]\nport = 0\ninspector_port = 9230\n\n[env.staging.vars]\nAPI_HOST = \"staging.example.com\"\n");
        var secrets = project.Write(".dev.vars.staging", "DB_PASSWORD=hunter2\nGREETING=\"hi there\"\n");
        project.Write(".dev.vars", "DB_PASSWORD=not-this-one\n");

        var lines = await RunUntilReadyAsync(["--contentRoot", project.Path, "--env", "staging", "--persist-to", ".wrangler/state"]);

        Assert.Matches(@"^Ready on http://127\.0\.0\.1:\d+$", lines[0]);
        Assert.Equal(
            [
                "Listening on 127.0.0.1 (the default), port 0 ([dev] port in wrangler.toml), http (the default)",
                $"Config: {config}",
                $"Local secrets: {secrets} (DB_PASSWORD, GREETING)",
                "Environment: Development; wrangler environment: [env.staging] (from --env)",
                "Socket policy: Development (loopback and private networks allowed), because the host environment is Development",
                "note: --persist-to is ignored: WorkerSockets simulates no KV, D1, R2 or Durable Object storage, so there is nothing to persist",
                "note: [dev] inspector_port in wrangler.toml is ignored: the WorkerSockets dev server uses only port, ip and local_protocol",
            ],
            lines[1..]);
        Assert.DoesNotContain(lines, l => l.Contains("hunter2", StringComparison.Ordinal) || l.Contains("hi there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_config_or_secrets_file_the_lines_say_where_they_were_looked_for()
    {
        using var project = new TempDirectory();

        var lines = await RunUntilReadyAsync(["--contentRoot", project.Path, "--port", "0"]);

        Assert.Contains("Listening on 127.0.0.1 (the default), port 0 (--port), http (the default)", lines);
        Assert.Contains($"Config: no wrangler.json, wrangler.jsonc or wrangler.toml in {project.Path}", lines);
        Assert.Contains($"Local secrets: {Path.Combine(project.Path, ".dev.vars")} (not found; nor any .env file)", lines);
        Assert.Contains("Environment: Development; wrangler environment: top level (no wrangler config)", lines);
    }

    [Fact]
    public async Task A_config_above_the_project_folder_is_named_with_where_to_move_it()
    {
        using var root = new TempDirectory();
        var above = root.Write("wrangler.toml", "name = \"shop\"\n");
        var project = Directory.CreateDirectory(Path.Combine(root.Path, "src", "Shop")).FullName;

        var lines = await RunUntilReadyAsync(["--contentRoot", project, "--port", "0"]);

        Assert.Contains($"Config: no wrangler.json, wrangler.jsonc or wrangler.toml in {project} (wrangler would use {above}, above it, but the build and this server read the project folder's only: move it, with its .dev.vars, into {project})", lines);
    }

    [Fact]
    public async Task A_second_config_file_is_noted_as_not_read()
    {
        using var project = new TempDirectory();
        var config = project.Write("wrangler.jsonc", "{ \"name\": \"shop\" }");
        project.Write("wrangler.toml", "name = \"shop\"\n");

        var lines = await RunUntilReadyAsync(["--contentRoot", project.Path, "--port", "0"]);

        Assert.Contains($"Config: {config}", lines);
        Assert.Contains("note: wrangler.toml is not read: wrangler.jsonc is the config wrangler uses (wrangler.json, then wrangler.jsonc, then wrangler.toml)", lines);
    }

    [Fact]
    public async Task A_config_the_server_cannot_parse_is_a_warning_and_the_server_still_starts()
    {
        using var project = new TempDirectory();
        var config = project.Write("wrangler.toml", "name = \"shop\"\n[dev\nport = 1\n");

        var lines = await RunUntilReadyAsync(["--contentRoot", project.Path, "--port", "0"]);

        Assert.Matches(@"^Ready on http://127\.0\.0\.1:\d+$", lines[0]);
        Assert.Contains($"Config: {config}", lines);
        Assert.Contains(lines, l => l.StartsWith("warning: wrangler.toml could not be read: ", StringComparison.Ordinal) && l.EndsWith("; its [dev] settings and environment names are not applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Env_files_read_are_each_listed_in_the_order_they_apply()
    {
        using var project = new TempDirectory();
        var plain = project.Write(".env", "GREETING=a\n");
        var local = project.Write(".env.local", "GREETING=b\nDB_PASSWORD=c\n");

        var lines = await RunUntilReadyAsync(["--contentRoot", project.Path, "--port", "0"]);

        var listed = lines.Where(l => l.StartsWith("Local secrets: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"Local secrets: {plain} (GREETING)", $"Local secrets: {local} (DB_PASSWORD, GREETING)"], listed);
    }

    [Theory]
    [InlineData("--remote", "error: --remote is not supported: WorkerSockets runs the worker locally only; deploy with wrangler to run it on Cloudflare")]
    [InlineData("--ip=nowhere", "error: --ip nowhere: not an IP address (use e.g. 127.0.0.1, ::1, localhost, or 0.0.0.0 / * for every interface)")]
    public async Task A_wrangler_option_that_cannot_be_honoured_is_one_error_line_and_exit_code_1(string arg, string expected)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        try
        {
            await DevServer.RunAsync(["--port", "0", arg], output, errors, CancellationToken.None).WaitAsync(TestTimeouts.Default);

            Assert.Equal(expected, Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal(1, Environment.ExitCode);
            Assert.Empty(output.ToString());
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task A_missing_binding_error_names_the_secrets_file_that_was_read()
    {
        using var project = new TempDirectory();
        var devVars = project.Write(".dev.vars", "GREETING=hi\nECHO_ADDRESS=127.0.0.1:9\n");
        var errors = new StringWriter();
        try
        {
            await WorkerHost.RunAsync<Workers.TestWorker>(["--port", "0", "--contentRoot", project.Path], new StringWriter(), b => b.Logging.ClearProviders(), CancellationToken.None, errors)
                .WaitAsync(TestTimeouts.Default);

            var line = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: 1 worker binding(s) missing or malformed: DB_PASSWORD (secret): missing (bindings come from ", line, StringComparison.Ordinal);
            Assert.Contains($", {devVars}, user secrets", line, StringComparison.Ordinal);
            Assert.EndsWith($"; to set it locally, add 'DB_PASSWORD=...' to {devVars}", line, StringComparison.Ordinal);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task Help_lists_the_supported_options_and_starts_nothing()
    {
        var output = new StringWriter();

        await DevServer.RunAsync(["--help", "--remote"], output, output, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        var text = output.ToString();
        Assert.StartsWith("Usage: ", text, StringComparison.Ordinal);
        Assert.Contains("--var KEY:VALUE", text, StringComparison.Ordinal);
        Assert.Contains("--show-interactive-dev-session", text, StringComparison.Ordinal);
        Assert.All(text.Split(Environment.NewLine), line => Assert.True(line.Length <= 110, line));   // the flag list is wrapped
        Assert.DoesNotContain("Ready on", text, StringComparison.Ordinal);
    }

    /// <summary>Runs the dev server until it has printed its start-up lines, stops it, and returns them.</summary>
    private static async Task<string[]> RunUntilReadyAsync(string[] args)
    {
        var output = new OutputCapture();
        using var stop = new CancellationTokenSource();
        var running = DevServer.RunAsync(args, output, output, stop.Token);
        await Task.WhenAny(output.WaitForAsync("Socket policy:"), running);
        await stop.CancelAsync();
        await running.WaitAsync(TestTimeouts.Default);
        return output.Lines;
    }
}
