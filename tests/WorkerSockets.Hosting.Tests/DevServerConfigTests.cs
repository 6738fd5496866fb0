using System.Net;
using System.Net.Sockets;
using WorkerSockets.Hosting.LocalDev;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

/// <summary>The dev server meets a wrangler project: its config's [dev] section, wrangler's flags and its secrets files.</summary>
public sealed class DevServerConfigTests
{
    [Fact]
    public async Task Dev_section_port_is_where_the_server_listens_when_the_command_line_names_none()
    {
        using var project = new TempDirectory();
        var port = FreePort();
        project.Write("wrangler.toml", $"name = \"shop\"\n\n[dev]\nport = {port}\nip = \"127.0.0.1\"\n");

        await using var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path);
        using var client = DevServer.ClientFor(host);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), host.Address);
        Assert.Equal("hello from the defaults", await client.GetStringAsync("/greeting"));
    }

    [Fact]
    public async Task Command_line_port_and_ip_win_over_the_dev_section()
    {
        using var project = new TempDirectory();
        // Port 1 is privileged and 192.0.2.1 is not this machine's: the server can only start if neither is used.
        project.Write("wrangler.jsonc", """{ "dev": { "port": 1, "ip": "192.0.2.1" } }""");

        await using var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0", "--ip", "127.0.0.1");

        Assert.Equal("127.0.0.1", host.Address.Host);
        Assert.NotEqual(1, host.Address.Port);
    }

    [Fact]
    public async Task Dev_section_ip_localhost_listens_on_loopback()
    {
        using var project = new TempDirectory();
        project.Write("wrangler.toml", "[dev]\nip = \"localhost\"\n");

        await using var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0");
        using var tcp = new TcpClient();

        await tcp.ConnectAsync(IPAddress.Loopback, host.Address.Port).WaitAsync(TestTimeouts.Default);
        Assert.True(tcp.Connected);
    }

    [Theory]
    [InlineData("wrangler.toml", "[dev]\nlocal_protocol = \"gopher\"\n", "local_protocol gopher ([dev] local_protocol in wrangler.toml): expected http or https")]
    [InlineData("wrangler.json", """{ "dev": { "ip": "my-laptop.lan" } }""", "dev.ip in wrangler.json my-laptop.lan: not an IP address")]
    public async Task A_dev_setting_the_server_cannot_honour_fails_start_up_saying_where_it_came_from(string file, string text, string message)
    {
        using var project = new TempDirectory();
        project.Write(file, text);

        var error = await Assert.ThrowsAsync<DevServerException>(() => DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listening_on_every_interface_serves_loopback_too_and_warns_that_the_network_reaches_the_worker()
    {
        var output = new OutputCapture();
        using var stop = new CancellationTokenSource();
        var running = DevServer.RunAsync(["--port", "0", "--ip", "0.0.0.0"], output, output, stop.Token);
        var text = await output.WaitForAsync("Socket policy:");

        var ready = Assert.Single(output.Lines, l => l.StartsWith("Ready on ", StringComparison.Ordinal));
        var port = new Uri(ready["Ready on ".Length..]).Port;
        using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TestTimeouts.Default })
            Assert.Equal("hello from the defaults", await client.GetStringAsync("/greeting"));
        await stop.CancelAsync();
        await running.WaitAsync(TestTimeouts.Default);

        Assert.Equal($"Ready on http://0.0.0.0:{port}", ready);
        Assert.Contains("warning: listening on every interface (0.0.0.0, from --ip): other machines can send requests to the worker, and its socket policy lets those requests reach this machine's loopback and private networks", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Var_flags_win_over_dev_vars_and_the_command_lines_other_values()
    {
        using var project = new TempDirectory();
        project.Write(".dev.vars", "GREETING=from .dev.vars\n");

        await using var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0", "--GREETING", "from --GREETING", "--var", "GREETING:from --var", "API_HOST:localhost:8080");
        using var client = DevServer.ClientFor(host);

        Assert.Equal("from --var", await client.GetStringAsync("/greeting"));
        Assert.Equal("localhost:8080", await client.GetStringAsync("/api-host"));
    }

    [Theory]
    [InlineData(new string[0], "plain .dev.vars")]
    [InlineData(new[] { "--env", "staging" }, "staging .dev.vars")]
    [InlineData(new[] { "--environment", "Staging" }, "staging .dev.vars")]   // the host environment selects [env.staging], as in Bind
    public async Task The_selected_environments_dev_vars_replaces_the_plain_one(string[] args, string greeting)
    {
        using var project = new TempDirectory();
        project.Write("wrangler.toml", "[env.staging.vars]\nAPI_HOST = \"staging.example.com\"\n");
        project.Write(".dev.vars", "GREETING=plain .dev.vars\n");
        project.Write(".dev.vars.staging", "GREETING=staging .dev.vars\n");

        await using var host = await DevServer.StartExactlyAsync(["--contentRoot", project.Path, "--port", "0", .. args]);
        using var client = DevServer.ClientFor(host);

        Assert.Equal(greeting, await client.GetStringAsync("/greeting"));
    }

    [Theory]
    [InlineData("wrangler.toml", "name = \"shop\"\n", "--env", "staging",
        "--env staging: wrangler.toml declares no [env.staging] (it declares no environments); add the section [env.staging] to wrangler.toml, or drop --env to run the top level")]
    [InlineData("wrangler.toml", "[env.production.vars]\nA = \"1\"\n[env.dev]\n", "--env", "prod",
        "--env prod: wrangler.toml declares no [env.prod] (it declares 'production', 'dev'); add the section [env.prod] to wrangler.toml, or name one it declares")]
    [InlineData("wrangler.jsonc", "{ \"env\": { \"staging\": {}, } }", "--env", "Staging",
        "--env Staging: wrangler.jsonc declares no \"env\": { \"Staging\": { ... } } (it declares 'staging'); environment names are case-sensitive: use --env staging")]
    [InlineData("wrangler.toml", "name = \"shop\"\n", "--CLOUDFLARE_ENV", "staging",
        "CLOUDFLARE_ENV staging: wrangler.toml declares no [env.staging]")]
    public async Task A_wrangler_environment_the_config_does_not_declare_stops_start_up_with_the_fix(string file, string text, string option, string name, string message)
    {
        using var project = new TempDirectory();
        project.Write(file, text);

        var error = await Assert.ThrowsAsync<DevServerException>(() => DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0", option, name));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_dev_vars_the_env_files_are_read_and_the_more_specific_wins()
    {
        using var project = new TempDirectory();
        project.Write("wrangler.toml", "[env.staging.vars]\nAPI_HOST = \"staging.example.com\"\n");
        project.Write(".env", "GREETING=from .env\nAPI_HOST=from .env\n");
        project.Write(".env.staging", "GREETING=from .env.staging\n");
        project.Write(".env.local", "GREETING=from .env.local\n");

        await using (var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0", "--env", "staging"))
        using (var client = DevServer.ClientFor(host))
        {
            Assert.Equal("from .env.local", await client.GetStringAsync("/greeting"));
            Assert.Equal("from .env", await client.GetStringAsync("/api-host"));
        }

        // Once a .dev.vars exists, no .env file is read at all.
        project.Write(".dev.vars", "DB_PASSWORD=p\n");
        await using (var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0", "--env", "staging"))
        using (var client = DevServer.ClientFor(host))
        {
            Assert.Equal("hello from the defaults", await client.GetStringAsync("/greeting"));
            Assert.Equal("staging.example.com", await client.GetStringAsync("/api-host"));
        }
    }

    [Fact]
    public async Task Env_file_flags_are_read_in_order_when_there_is_no_dev_vars()
    {
        using var project = new TempDirectory();
        var first = project.Write("base.env", "GREETING=from base.env\nAPI_HOST=base.example\n");
        var second = project.Write("override.env", "GREETING=from override.env\n");

        await using var host = await DevServer.StartExactlyAsync("--contentRoot", project.Path, "--port", "0", "--env-file", first, "--env-file", second);
        using var client = DevServer.ClientFor(host);

        Assert.Equal("from override.env", await client.GetStringAsync("/greeting"));
        Assert.Equal("base.example", await client.GetStringAsync("/api-host"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
