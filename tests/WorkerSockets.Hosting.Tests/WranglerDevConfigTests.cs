using WorkerSockets.Hosting.LocalDev;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests;

public sealed class WranglerDevConfigTests
{
    [Fact]
    public void Toml_dev_section_gives_port_ip_and_protocol_and_the_declared_environments()
    {
        using var project = new TempDirectory();
        var path = project.Write("wrangler.toml", """
            name = "shop"
            main = "src/index.ts"

            [dev]
            ip = "0.0.0.0"
            port = 9090
            local_protocol = "http"
            inspector_port = 9230

            [env.staging]
            vars = { API_HOST = "staging.example.com" }

            [env.production.vars]
            API_HOST = "shop.example.com"
            """);

        var config = WranglerDevConfig.Read(path);

        Assert.Equal((9090, "0.0.0.0", "http"), (config.Port, config.Ip, config.LocalProtocol));
        Assert.Equal(["staging", "production"], config.Environments);
        Assert.Equal(["inspector_port"], config.IgnoredDevKeys);
        Assert.Equal("[dev] port in wrangler.toml", config.DescribeDevKey("port"));
    }

    [Fact]
    public void Jsonc_with_comments_and_trailing_commas_is_read_like_wrangler_reads_it()
    {
        using var project = new TempDirectory();
        var path = project.Write("wrangler.jsonc", """
            // wrangler.jsonc as `wrangler init` writes it
            {
              "name": "shop",
              /* local dev */
              "dev": { "port": 8800, "ip": "localhost", },
              "env": { "staging": {}, },
            }
            """);

        var config = WranglerDevConfig.Read(path);

        Assert.Equal((8800, "localhost", (string?)null), (config.Port, config.Ip, config.LocalProtocol));
        Assert.Equal(["staging"], config.Environments);
        Assert.Equal("dev.port in wrangler.jsonc", config.DescribeDevKey("port"));
    }

    [Fact]
    public void A_config_without_a_dev_section_sets_nothing()
    {
        using var project = new TempDirectory();
        var config = WranglerDevConfig.Read(project.Write("wrangler.toml", "name = \"x\"\n[vars]\nA = 1\n"));

        Assert.Equal(((int?)null, (string?)null), (config.Port, config.Ip));
        Assert.Empty(config.Environments);
    }

    [Fact]
    public void The_file_wrangler_prefers_is_found_json_then_jsonc_then_toml()
    {
        using var project = new TempDirectory();
        Assert.Null(WranglerDevConfig.Find(project.Path));

        var toml = project.Write("wrangler.toml", "");
        Assert.Equal(toml, WranglerDevConfig.Find(project.Path));
        var jsonc = project.Write("wrangler.jsonc", "{}");
        Assert.Equal(jsonc, WranglerDevConfig.Find(project.Path));
        var json = project.Write("wrangler.json", "{}");
        Assert.Equal(json, WranglerDevConfig.Find(project.Path));
    }

    [Theory]
    [InlineData("wrangler.toml", "[dev]\nport = \"8787\"\n", "wrangler.toml: dev.port must be a TCP port (0 to 65535), not \"8787\"")]
    [InlineData("wrangler.toml", "[dev]\nport = 70000\n", "wrangler.toml: dev.port must be a TCP port (0 to 65535), not 70000")]
    [InlineData("wrangler.json", """{ "dev": { "ip": 127 } }""", "wrangler.json: dev.ip must be a string, not 127")]
    [InlineData("wrangler.json", """{ "dev": 1 }""", "wrangler.json: dev must be a table")]
    public void A_bad_dev_value_is_a_clear_error_naming_the_file_and_key(string file, string text, string message)
    {
        using var project = new TempDirectory();
        var path = project.Write(file, text);

        Assert.StartsWith(message, Assert.Throws<DevServerException>(() => WranglerDevConfig.Read(path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrangler.toml", "[dev\nport = 1\n")]
    [InlineData("wrangler.jsonc", "{ \"dev\": ")]
    public void A_file_that_cannot_be_parsed_is_invalid_data_naming_the_file(string file, string text)
    {
        using var project = new TempDirectory();
        var path = project.Write(file, text);

        Assert.StartsWith($"{file} could not be read: ", Assert.Throws<InvalidDataException>(() => WranglerDevConfig.Read(path)).Message, StringComparison.Ordinal);
    }
}
