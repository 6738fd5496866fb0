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
}
