using System.Net;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests.Policy;

/// <summary>The policy as <c>Sockets.Connect</c> applies it: port 25 at the call, destinations after one resolution.</summary>
public sealed class PolicyThroughConnectTests
{
    private const string ProxyFailed = "proxy request failed, cannot connect to the specified address";

    public static TheoryData<Func<WorkerSocket>> Port25Connects => new()
    {
        () => Sockets.Connect("smtp.example.com:25"),
        () => Sockets.Connect("smtp.example.com:025"),
        () => Sockets.Connect("smtp.example.com:0000000025"),
        () => Sockets.Connect("[::1]:25"),
        () => Sockets.Connect("127.0.0.1:25"),
        () => Sockets.Connect("smtp.example.com", 25),
        () => Sockets.Connect(new DnsEndPoint("smtp.example.com", 25)),
        () => Sockets.Connect(new IPEndPoint(IPAddress.Parse("8.8.8.8"), 25)),
        () => Sockets.Connect(new IPEndPoint(IPAddress.IPv6Loopback, 25)),
    };

    [Theory]
    [MemberData(nameof(Port25Connects))]
    public async Task Every_connect_form_to_port_25_throws_at_Connect_under_both_policies(Func<WorkerSocket> connect)
    {
        foreach (var policy in new[] { SocketPolicy.Production, SocketPolicy.Development })
        {
            var resolved = 0;
            var counting = policy.WithResolver((_, _) =>
            {
                Interlocked.Increment(ref resolved);
                return Task.FromResult(new[] { IPAddress.Parse("8.8.8.8") });
            });

            await Scope.RunAsync(
                _ =>
                {
                    var ex = Assert.Throws<SocketPolicyException>(() => connect());
                    Assert.Contains("587", ex.Message, StringComparison.Ordinal);
                    return Task.CompletedTask;
                },
                counting);

            Assert.Equal(0, resolved);
        }
    }

    [Fact]
    public async Task A_name_is_resolved_once_and_the_socket_connects_to_the_checked_address()
    {
        await using var echo = new EchoServer();
        var answers = 0;

        // DNS rebinding: the first answer is the allowed one; any later lookup would get an address nothing listens on.
        var rebinding = SocketPolicy.Development.WithResolver((_, _) => Task.FromResult(
            Interlocked.Increment(ref answers) == 1 ? new[] { IPAddress.Loopback } : new[] { IPAddress.Parse("10.255.255.1") }));

        await Scope.RunAsync(
            async _ =>
            {
                await using var socket = Sockets.Connect($"rebind.example.com:{echo.Port}");
                var info = await socket.Opened.WithTimeout();
                await socket.WriteAsync("ping"u8.ToArray());
                Assert.Equal("ping"u8.ToArray(), await socket.ReadExactlyAsync(4));
                Assert.Equal($"rebind.example.com:{echo.Port}", info.RemoteAddress);
            },
            rebinding);

        Assert.Equal(1, answers);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("2130706433")]
    [InlineData("0x7f.1")]
    [InlineData("0177.0.0.1")]
    [InlineData("127.1")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::ffff:7f00:1]")]
    public Task Production_refuses_a_listening_loopback_server_in_every_form(string host) => Scope.RunAsync(
        async _ =>
        {
            await using var echo = new EchoServer();
            var socket = Sockets.Connect($"{host}:{echo.Port}");
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.StartsWith($"{ProxyFailed}: connecting to {host}:{echo.Port} was denied by the socket policy — ", error.Message, StringComparison.Ordinal);
            Assert.Contains("a loopback address", error.Message, StringComparison.Ordinal);
            Assert.Contains("SocketPolicy.Development", error.Message, StringComparison.Ordinal);
            Assert.IsType<SocketPolicyException>(error.InnerException);
        },
        SocketPolicy.Production);

    [Fact]
    public Task Production_refuses_IPv4_mapped_loopback_given_as_an_IPEndPoint() => Scope.RunAsync(
        async _ =>
        {
            await using var echo = new EchoServer();
            var socket = Sockets.Connect(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), echo.Port));
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.IsType<SocketPolicyException>(error.InnerException);
        },
        SocketPolicy.Production);

    [Fact]
    public Task Production_refuses_a_name_whose_answers_include_loopback() => Scope.RunAsync(
        async _ =>
        {
            await using var echo = new EchoServer();
            var socket = Sockets.Connect($"mixed.example.com:{echo.Port}");
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.IsType<SocketPolicyException>(error.InnerException);
        },
        SocketPolicy.Production.WithResolver((_, _) => Task.FromResult(new[] { IPAddress.Parse("93.184.215.14"), IPAddress.Loopback })));
}
