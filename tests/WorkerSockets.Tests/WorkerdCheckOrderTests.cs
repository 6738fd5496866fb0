using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>
/// The order and extent of workerd's checks (api/sockets.c++), found by the differential's third round: in the object
/// form JSG converts the port before <c>connect()</c> runs and <c>isValidHost</c> checks <c>hostname:port</c>;
/// <c>startTls()</c> reports a closed connection before a missing option.
/// </summary>
public sealed class WorkerdCheckOrderTests
{
    private const string InvalidHost = "Specified address is empty string, contains unsupported characters or is too long.";
    private const string AboveMaximum = "Value out of range. Must be less than or equal to 65535.";
    private const string Negative = "The value cannot be converted because it is negative and this API expects a positive number.";

    [Theory]
    [InlineData("a b", 70000, AboveMaximum)]
    [InlineData("host$", 65536, AboveMaximum)]
    [InlineData("", -1, Negative)]
    public Task Object_form_reports_a_port_out_of_range_before_a_bad_host(string hostname, int port, string message) => Scope.RunAsync(_ =>
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Sockets.Connect(hostname, port));
        Assert.Equal(message, error.Message);
        return Task.CompletedTask;
    });

    [Fact]
    public void Object_form_reports_a_port_out_of_range_before_the_global_scope_error()
    {
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => Sockets.Connect("127.0.0.1", 70000));
        Assert.Equal(AboveMaximum, outOfRange.Message);

        // A port in range reaches the scope check, as workerd's connect() does.
        var global = Assert.Throws<InvalidOperationException>(() => Sockets.Connect("127.0.0.1", 1));
        Assert.StartsWith("Disallowed operation called within global scope.", global.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Object_form_length_limit_counts_the_colon_and_the_port()
    {
        await using var echo = new EchoServer();
        await Scope.RunAsync(async _ =>
        {
            // The longest name that fits: "name:port" is 255 characters. Scope's resolver sends *.test to the echo server.
            int room = 255 - 1 - echo.Port.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            string longest = new string('a', room - ".test".Length) + ".test";
            await using var socket = Sockets.Connect(longest, echo.Port);
            Assert.Equal($"{longest}:{echo.Port}", (await socket.Opened.WithTimeout()).RemoteAddress);
            await socket.WriteAsync("fits"u8.ToArray());
            Assert.Equal("fits"u8.ToArray(), await socket.ReadExactlyAsync(4));

            var error = Assert.Throws<ArgumentException>(() => Sockets.Connect("a" + longest, echo.Port));
            Assert.Equal(InvalidHost, error.Message);

            // The same name fits with a shorter port.
            var shorter = Sockets.Connect("a" + longest, 80);
            await shorter.CloseAsync().WithTimeout();
        });
    }

    [Theory]
    [InlineData(SecureTransport.Off)]
    [InlineData(SecureTransport.StartTls)]
    public async Task StartTls_after_close_says_the_connection_was_closed_whatever_the_option(SecureTransport mode)
    {
        await using var echo = new EchoServer();
        await Scope.RunAsync(async _ =>
        {
            var socket = Sockets.Connect(echo.Address, new SocketOptions { SecureTransport = mode });
            await socket.Opened.WithTimeout();
            await socket.CloseAsync().WithTimeout();
            var error = Assert.Throws<InvalidOperationException>(() => socket.StartTls());
            Assert.Equal("The connection was closed before startTls could be started.", error.Message);
        });
    }

    [Fact]
    public async Task StartTls_on_an_open_plaintext_socket_still_names_the_option()
    {
        await using var echo = new EchoServer();
        await Scope.RunAsync(async _ =>
        {
            await using var socket = Sockets.Connect(echo.Address);
            await socket.Opened.WithTimeout();
            var error = Assert.Throws<InvalidOperationException>(() => socket.StartTls());
            Assert.Equal("The `secureTransport` socket option must be set to 'starttls' for startTls to be used.", error.Message);
            await socket.WriteAsync("still open"u8.ToArray());
            Assert.Equal("still open"u8.ToArray(), await socket.ReadExactlyAsync(10));
        });
    }
}
