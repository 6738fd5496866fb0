using WorkerSockets.Hosting.LocalDev;

namespace WorkerSockets.Hosting.Tests;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", true, false)]
    [InlineData("localhost", true, false)]
    [InlineData("[::1]", true, false)]
    [InlineData("::1", true, false)]
    [InlineData("0.0.0.0", false, true)]
    [InlineData("*", false, true)]
    [InlineData("::", false, true)]
    [InlineData("192.168.1.5", false, false)]
    public void Addresses_wrangler_accepts_are_read_as_loopback_every_interface_or_one_network_address(string text, bool loopback, bool everyInterface)
    {
        var address = ListenAddress.Parse(text, "--ip");

        Assert.Equal((loopback, everyInterface), (address.IsLoopback, address.IsEveryInterface));
    }

    [Theory]
    [InlineData("my-laptop.lan")]
    [InlineData("127.0.0.1:8787")]
    [InlineData("")]
    public void Anything_else_is_an_error_naming_where_it_came_from(string text)
        => Assert.StartsWith($"[dev] ip in wrangler.toml {text}: not an IP address", Assert.Throws<DevServerException>(() => ListenAddress.Parse(text, "[dev] ip in wrangler.toml")).Message, StringComparison.Ordinal);
}
