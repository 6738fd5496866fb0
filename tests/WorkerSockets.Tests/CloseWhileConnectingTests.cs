using System.Net;
using System.Net.Sockets;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>
/// Reads and writes after <c>CloseAsync</c> on a socket that was still connecting, as workerd answers them: its
/// <c>close()</c> marks both streams as closing for good, so a read says the readable is closing, and a write says the
/// writable is closing while the close waits for the connection and closed once the connect has settled, either way.
/// The connection is held back by a resolver the test releases, so "still connecting" is certain.
/// </summary>
public sealed class CloseWhileConnectingTests
{
    private const string ReadableClosing = "This ReadableStream belongs to an object that is closing.";
    private const string WritableClosing = "This WritableStream belongs to an object that is closing.";
    private const string WritableClosed = "This WritableStream has been closed.";

    [Fact]
    public async Task Reads_and_writes_after_a_close_that_waits_for_the_connection_say_closing_then_closed()
    {
        await using var echo = new EchoServer();
        var release = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"held.test:{echo.Port}");
                var closing = socket.CloseAsync();
                Assert.False(socket.Opened.IsCompleted);
                await AssertFailsAsync(WritableClosing, () => socket.WriteAsync("x"u8.ToArray()));
                await AssertFailsAsync(ReadableClosing, () => socket.Readable.ReadAsync().AsTask());

                release.SetResult([IPAddress.Loopback]);
                Assert.Equal($"held.test:{echo.Port}", (await socket.Opened.WithTimeout()).RemoteAddress);
                await closing.WithTimeout();
                Assert.True(socket.Closed.IsCompletedSuccessfully);
                await AssertFailsAsync(WritableClosed, () => socket.WriteAsync("x"u8.ToArray()));
                await AssertFailsAsync(ReadableClosing, () => socket.Readable.ReadAsync().AsTask());
            },
            Held(release.Task));
    }

    [Fact]
    public async Task After_the_held_connect_is_refused_a_write_says_closed_and_the_error_stays_on_Opened_and_Closed()
    {
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound, never listening: connections are refused
        int port = ((IPEndPoint)refusing.LocalEndPoint!).Port;
        var release = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"held.test:{port}");
                var closing = socket.CloseAsync();
                await AssertFailsAsync(WritableClosing, () => socket.WriteAsync("x"u8.ToArray()));

                release.SetResult([IPAddress.Loopback]);
                var opened = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
                Assert.StartsWith("proxy request failed, cannot connect to the specified address: ", opened.Message, StringComparison.Ordinal);
                await closing.WithTimeout(); // CloseAsync never faults
                await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
                await AssertFailsAsync(WritableClosed, () => socket.WriteAsync("x"u8.ToArray()));
                await AssertFailsAsync(ReadableClosing, () => socket.Readable.ReadAsync().AsTask());
            },
            Held(release.Task));
    }

    [Fact]
    public async Task A_read_after_closing_a_socket_whose_connect_had_failed_says_closing()
    {
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)refusing.LocalEndPoint!).Port;
        await Scope.RunAsync(async _ =>
        {
            var socket = Sockets.Connect($"127.0.0.1:{port}");
            await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());

            // Before CloseAsync a read reports the failed connect; after it, that the handler closed the socket.
            var before = await Assert.ThrowsAsync<IOException>(() => socket.Readable.ReadAsync().AsTask());
            Assert.StartsWith("proxy request failed", before.Message, StringComparison.Ordinal);
            await socket.CloseAsync().WithTimeout();
            await AssertFailsAsync(ReadableClosing, () => socket.Readable.ReadAsync().AsTask());
            await AssertFailsAsync(WritableClosed, () => socket.WriteAsync("x"u8.ToArray()));
        });
    }

    private static SocketPolicy Held(Task<IPAddress[]> addresses)
        => SocketPolicy.Development.WithResolver((name, _) => name == "held.test" ? addresses : Dns.GetHostAddressesAsync(name));

    private static async Task AssertFailsAsync(string message, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(action);
        Assert.Equal(message, error.Message);
    }
}
