namespace WorkerSockets.Hosting.Tests;

public sealed class DevServerArgumentsTests
{
    [Fact]
    public void Port_defaults_to_8787_like_wrangler_dev()
        => Assert.Equal(8787, DevServerArguments.Parse([]).Port);

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
        foreach (var option in new[] { "--port N", "--env NAME", "--help", "CLOUDFLARE_ENV", ".dev.vars" })
            Assert.Contains(option, usage, StringComparison.Ordinal);
    }
}
