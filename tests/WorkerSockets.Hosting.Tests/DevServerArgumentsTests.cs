namespace WorkerSockets.Hosting.Tests;

public sealed class DevServerArgumentsTests
{
    [Fact]
    public void Port_and_ip_are_unset_when_not_given_so_the_config_or_the_default_decides()
    {
        var parsed = DevServerArguments.Parse([]);

        Assert.Null(parsed.Port);
        Assert.Null(parsed.Ip);
        Assert.Equal(8787, DevServerArguments.DefaultPort);
    }

    [Theory]
    [InlineData(new[] { "--port", "9000" }, 9000)]
    [InlineData(new[] { "--port=0" }, 0)]
    public void Port_option_is_taken_out_of_the_arguments(string[] args, int port)
    {
        var parsed = DevServerArguments.Parse([.. args, "--GREETING", "hi"]);

        Assert.Equal(port, parsed.Port);
        Assert.Equal(["--GREETING", "hi"], parsed.Remaining);
    }

    [Theory]
    [InlineData("--port")]
    [InlineData("--port=65536")]
    [InlineData("--port=-1")]
    [InlineData("--port=eighty")]
    public void Bad_port_is_rejected(string arg)
        => Assert.Throws<ArgumentException>(() => DevServerArguments.Parse([arg]));

    [Theory]
    [InlineData("--env", "production")]
    [InlineData("--env=production", null)]
    public void Env_option_names_the_wrangler_environment_and_is_taken_out(string option, string? value)
    {
        var parsed = DevServerArguments.Parse([option, .. value is null ? Array.Empty<string>() : [value], "--GREETING", "hi"]);

        Assert.Equal("production", parsed.Environment);
        Assert.Equal(["--GREETING", "hi"], parsed.Remaining);
    }

    [Theory]
    [InlineData("--env")]
    [InlineData("--env=")]
    public void Env_option_without_a_name_is_rejected_with_what_it_needs(string arg)
        => Assert.Contains("--env needs a value", Assert.Throws<ArgumentException>(() => DevServerArguments.Parse([arg])).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised_and_the_usage_names_every_option(string arg)
    {
        Assert.True(DevServerArguments.Parse([arg]).Help);
        var usage = DevServerArguments.Usage("app");
        foreach (var option in new[] { "--port N", "--ip ADDRESS", "--env NAME", "--var KEY:VALUE", "--help", "CLOUDFLARE_ENV", ".dev.vars.<env>", ".env.local", "--remote", "--persist-to", "--inspector-port" })
            Assert.Contains(option, usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--ip", "0.0.0.0" }, "0.0.0.0")]
    [InlineData(new[] { "--ip=localhost" }, "localhost")]
    public void Ip_option_is_taken_out_of_the_arguments(string[] args, string ip)
    {
        var parsed = DevServerArguments.Parse([.. args, "--GREETING", "hi"]);

        Assert.Equal(ip, parsed.Ip);
        Assert.Equal(["--GREETING", "hi"], parsed.Remaining);
    }

    [Fact]
    public void Var_takes_key_value_pairs_repeated_or_several_after_one_flag_and_splits_at_the_first_colon()
    {
        var parsed = DevServerArguments.Parse(["--var", "A:1", "B:two words", "--GREETING", "hi", "--var=URL:http://x:8080/", "--var", "EMPTY:"]);

        Assert.Equal([new("A", "1"), new("B", "two words"), new("URL", "http://x:8080/"), new KeyValuePair<string, string?>("EMPTY", "")], parsed.Vars);
        Assert.Equal(["--GREETING", "hi"], parsed.Remaining);
    }

    [Theory]
    [InlineData(new[] { "--var" }, "--var needs a value: KEY:VALUE")]
    [InlineData(new[] { "--var", "--port", "1" }, "--var needs a value: KEY:VALUE")]
    [InlineData(new[] { "--var", "NOCOLON" }, "--var NOCOLON: expected KEY:VALUE")]
    [InlineData(new[] { "--var", ":value" }, "--var :value: expected KEY:VALUE")]
    public void Var_without_a_key_value_pair_is_rejected_with_what_it_needs(string[] args, string message)
        => Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => DevServerArguments.Parse(args)).Message, StringComparison.Ordinal);

    [Fact]
    public void Short_e_is_wranglers_alias_of_env()
        => Assert.Equal("staging", DevServerArguments.Parse(["-e", "staging"]).Environment);

    [Theory]
    [InlineData("--remote", "--remote is not supported: WorkerSockets runs the worker locally only")]
    [InlineData("-r", "-r (--remote) is not supported: WorkerSockets runs the worker locally only")]
    [InlineData("--config=wrangler.staging.toml", "--config is not supported: the bindings are compiled from the project's wrangler config")]
    public void Wrangler_flags_that_would_change_what_runs_are_refused_with_the_reason(string arg, string message)
        => Assert.StartsWith(message, Assert.Throws<LocalDev.DevServerException>(() => DevServerArguments.Parse([arg])).Message, StringComparison.Ordinal);

    [Fact]
    public void Wrangler_flags_without_a_meaning_here_are_taken_out_with_a_note_each_and_their_values_with_them()
    {
        var parsed = DevServerArguments.Parse(["--persist-to", ".wrangler/state", "--GREETING", "hi", "--live-reload", "--inspector-port=9229", "--local", "--compatibility-date", "2024-09-23", "--experimental-vectorize-bind-to-prod", "--remote=false"]);

        Assert.Equal(["--GREETING", "hi"], parsed.Remaining);
        Assert.Equal(
            [
                "note: --persist-to is ignored: WorkerSockets simulates no KV, D1, R2 or Durable Object storage, so there is nothing to persist",
                "note: --live-reload is ignored: run under `dotnet watch` to rebuild and restart on changes",
                "note: --inspector-port is ignored: there is no JavaScript inspector; attach a .NET debugger to the process instead",
                "note: --local is ignored: the worker always runs locally",
                "note: --compatibility-date is ignored: there is no workerd runtime to version; .NET workers have no compatibility date",
                "note: --experimental-vectorize-bind-to-prod is ignored: experimental wrangler flags do not apply",
            ],
            parsed.Notes);
    }

    [Theory]
    [InlineData("warn", Microsoft.Extensions.Logging.LogLevel.Warning)]
    [InlineData("log", Microsoft.Extensions.Logging.LogLevel.Information)]
    [InlineData("none", Microsoft.Extensions.Logging.LogLevel.None)]
    public void Log_level_takes_wranglers_names(string level, Microsoft.Extensions.Logging.LogLevel expected)
        => Assert.Equal(expected, DevServerArguments.Parse(["--log-level", level]).LogLevel);

    [Theory]
    [InlineData("--local-protocol=http", null)]
    [InlineData("--local-protocol=gopher", "--local-protocol gopher: expected http or https.")]
    public void Local_protocol_is_http_or_https(string arg, string? error)
    {
        if (error is null)
            Assert.Equal("http", DevServerArguments.Parse([arg]).LocalProtocol);
        else
            Assert.Equal(error, Assert.Throws<ArgumentException>(() => DevServerArguments.Parse([arg])).Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void Env_file_is_repeatable_and_taken_out()
    {
        var parsed = DevServerArguments.Parse(["--env-file", ".env.test", "--GREETING", "hi", "--env-file=secrets/.env"]);

        Assert.Equal([".env.test", "secrets/.env"], parsed.EnvFiles);
        Assert.Equal(["--GREETING", "hi"], parsed.Remaining);
    }

    [Fact]
    public void A_script_path_as_wrangler_takes_it_is_noted_but_option_values_and_key_value_pairs_go_on_to_configuration()
    {
        var parsed = DevServerArguments.Parse(["src/index.ts", "--GREETING", "hello", "DB_PASSWORD=p", "/API_HOST", "h", "--port", "0"]);

        Assert.Equal(["--GREETING", "hello", "DB_PASSWORD=p", "/API_HOST", "h"], parsed.Remaining);
        Assert.Equal(["note: 'src/index.ts' is ignored: the worker is the [Worker] class this app runs, not a script path"], parsed.Notes);
    }
}
