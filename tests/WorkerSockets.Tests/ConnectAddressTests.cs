using System.Net;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>The synchronous checks of <c>Connect</c>: address syntax, port range and the blocked SMTP port.</summary>
public sealed class ConnectAddressTests
{
    [Fact]
    public Task Address_without_port_throws_missing_port() => AssertArgumentError("db.example.com", "Specified address is missing port.");

    [Fact]
    public Task Address_without_hostname_throws_missing_hostname() => AssertArgumentError("/path", "Specified address is missing hostname.");

    [Fact]
    public Task Empty_hostname_with_a_separate_port_throws_missing_hostname() => Scope.RunAsync(_ =>
    {
        var error = Assert.Throws<ArgumentException>(() => Sockets.Connect("", 5432));
        Assert.Equal("Specified address is missing hostname.", error.Message);
        return Task.CompletedTask;
    });

    [Fact]
    public Task Address_with_port_above_65535_throws_could_not_be_parsed() => AssertArgumentError("db.example.com:70000", "Specified address could not be parsed.");

    [Theory]
    [InlineData("")]
    [InlineData("user@db.example.com:5432")]
    [InlineData("db.example.com:5432/path")]
    public Task Empty_or_unsupported_address_throws_unsupported_characters(string address)
        => AssertArgumentError(address, "Specified address is empty string, contains unsupported characters or is too long.");

    [Fact]
    public Task Address_longer_than_255_characters_throws_too_long()
        => AssertArgumentError(new string('a', 300) + ":5432", "Specified address is empty string, contains unsupported characters or is too long.");

    [Theory]
    [InlineData(-1, "The value cannot be converted because it is negative and this API expects a positive number.")]
    [InlineData(int.MinValue, "The value cannot be converted because it is negative and this API expects a positive number.")]
    [InlineData(65536, "Value out of range. Must be less than or equal to 65535.")]
    [InlineData(70000, "Value out of range. Must be less than or equal to 65535.")]
    public Task Numeric_port_outside_the_range_throws_ArgumentOutOfRange_with_workerds_message(int port, string message) => Scope.RunAsync(_ =>
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Sockets.Connect("db.example.com", port));
        Assert.Equal(message, error.Message);
        return Task.CompletedTask;
    });

    [Fact]
    public Task Port_25_is_refused_at_Connect_in_every_form() => Scope.RunAsync(_ =>
    {
        Action[] forms =
        [
            () => Sockets.Connect("smtp.example.com:25"),
            () => Sockets.Connect("smtp.example.com", 25),
            () => Sockets.Connect(new DnsEndPoint("smtp.example.com", 25)),
            () => Sockets.Connect(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 25)),
        ];
        foreach (var connect in forms)
        {
            var error = Assert.Throws<SocketPolicyException>(connect);
            Assert.Contains("25", error.Message, StringComparison.Ordinal);
            Assert.Contains("587", error.Message, StringComparison.Ordinal);
        }

        return Task.CompletedTask;
    });

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    public Task SecureTransport_outside_the_enum_is_refused_at_Connect_with_workerds_message(int value) => Scope.RunAsync(_ =>
    {
        var options = new SocketOptions { SecureTransport = (SecureTransport)value };
        Action[] forms =
        [
            () => Sockets.Connect("db.example.com:5432", options),
            () => Sockets.Connect("db.example.com", 5432, options),
            () => Sockets.Connect(new IPEndPoint(IPAddress.Loopback, 5432), options),
        ];
        foreach (var connect in forms)
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(connect);
            Assert.Equal(
                $"Unsupported value in secureTransport socket option: {value} (in .NET: SecureTransport.Off, SecureTransport.On or SecureTransport.StartTls)",
                error.Message);
        }

        return Task.CompletedTask;
    });

    [Fact]
    public Task Connect_returns_before_the_connection_is_made() => Scope.RunAsync(async _ =>
    {
        await using var peer = new Peers.SilentPeer();
        var socket = Sockets.Connect(peer.Address);
        Assert.NotNull(socket);
        await socket.Opened.WithTimeout();
        await socket.CloseAsync().WithTimeout();
    });

    private static Task AssertArgumentError(string address, string message) => Scope.RunAsync(_ =>
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Sockets.Connect(address));
        Assert.Equal(message, error.Message);
        return Task.CompletedTask;
    });
}
