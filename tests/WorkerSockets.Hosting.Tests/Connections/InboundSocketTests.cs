using System.Net.Sockets;
using WorkerSockets.Hosting.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Tests.Connections;

public sealed class InboundSocketTests
{
    [Fact]
    public async Task Opened_gives_the_clients_address_and_the_handler_reads_and_writes_the_connection()
    {
        await using var host = await InboundConnection.StartAsync(async (socket, ctx) =>
        {
            var info = await socket.Opened;
            await socket.WriteLineAsync($"{info.RemoteAddress} {info.LocalAddress} {socket.SecureTransport}");
            while (await socket.ReadLineAsync() is { } line)
                await socket.WriteLineAsync("echo: " + line);
        });
        using var client = await InboundConnection.ConnectAsync(host);
        var stream = client.GetStream();

        var greeting = await stream.ReadLineAsync();
        await stream.WriteAsync("hello\n");
        var echo = await stream.ReadLineAsync();

        Assert.Equal($"{client.Client.LocalEndPoint} {client.Client.RemoteEndPoint} Off", greeting);
        Assert.Equal("echo: hello", echo);
    }

    [Fact]
    public async Task StartTls_on_an_inbound_socket_is_refused_with_a_clear_message()
    {
        await using var host = await InboundConnection.StartAsync(async (socket, ctx) =>
        {
            var refusal = Record.Exception(() => socket.StartTls());
            await socket.WriteLineAsync($"{refusal?.GetType().Name}: {refusal?.Message}");
        });
        using var client = await InboundConnection.ConnectAsync(host);

        var answer = await client.GetStream().ReadToEndAsync();

        Assert.Equal(
            "InvalidOperationException: Cannot startTls on an inbound socket: the host decides the inbound side's TLS before the handler runs. "
            + "Configure a certificate for the listener (Kestrel's UseHttps connection middleware) to accept TLS connections.\n",
            answer);
    }

    [Fact]
    public async Task The_host_flushes_what_the_handler_wrote_and_ends_the_connection_when_the_handler_returns()
    {
        await using var host = await InboundConnection.StartAsync((socket, ctx) =>
        {
            // Written but never flushed: the host's close flushes it before it ends the connection.
            "bye"u8.CopyTo(socket.Writable.GetSpan(3));
            socket.Writable.Advance(3);
            return ValueTask.CompletedTask;
        });
        using var client = await InboundConnection.ConnectAsync(host);

        Assert.Equal("bye", await client.GetStream().ReadToEndAsync());
    }

    [Fact]
    public async Task WaitUntil_work_runs_on_after_the_handler_returns_and_the_connection_stays_open_for_it()
    {
        await using var host = await InboundConnection.StartAsync((socket, ctx) =>
        {
            ctx.WaitUntil(AnswerLaterAsync(socket));
            return ValueTask.CompletedTask;
        });
        using var client = await InboundConnection.ConnectAsync(host);
        var stream = client.GetStream();

        await stream.WriteAsync("go\n");

        Assert.Equal("late: go\n", await stream.ReadToEndAsync());

        static async Task AnswerLaterAsync(WorkerSocket socket) => await socket.WriteLineAsync("late: " + await socket.ReadLineAsync());
    }

    [Fact]
    public async Task A_peer_that_ends_its_side_closes_the_writable_side_as_on_an_outbound_socket()
    {
        var writeAfterPeerEnded = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await InboundConnection.StartAsync(async (socket, ctx) =>
        {
            var line = await socket.ReadLineAsync();
            var end = await socket.ReadLineAsync();
            writeAfterPeerEnded.SetResult(await Record.ExceptionAsync(() => socket.WriteLineAsync($"{line} {end is null}")));
        });
        using var client = await InboundConnection.ConnectAsync(host);
        var stream = client.GetStream();

        await stream.WriteAsync("abc\n");
        client.Client.Shutdown(SocketShutdown.Send);

        Assert.Equal(string.Empty, await stream.ReadToEndAsync());
        var refused = await writeAfterPeerEnded.Task.WaitAsync(TestTimeouts.Default);
        Assert.IsType<InvalidOperationException>(refused);
        Assert.Equal("This WritableStream has been closed.", refused.Message);
    }

    [Fact]
    public async Task A_handler_that_throws_has_its_connection_aborted()
    {
        await using var host = await InboundConnection.StartAsync((socket, ctx) => throw new InvalidOperationException("handler broke"));

        // An abort ends the stream without a byte: a reset, or a FIN when the kernel sends the close first. The reset can
        // reach the client before its connect has even completed, so the connect is inside what may fail.
        var ended = await Record.ExceptionAsync(async () =>
        {
            using var client = await InboundConnection.ConnectAsync(host);
            Assert.Equal(string.Empty, await client.GetStream().ReadToEndAsync());
        });

        Assert.True(ended is null or IOException or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset }, $"unexpected: {ended}");
    }

    [Fact]
    public void Tcp_port_is_taken_from_the_arguments_and_the_rest_pass_through()
    {
        var (port, remaining) = WorkerHost.ParseTcpPort(["--tcp-port", "6380", "--KEY", "v"]);
        var (equalsForm, _) = WorkerHost.ParseTcpPort(["--tcp-port=0"]);
        var (defaultPort, _) = WorkerHost.ParseTcpPort([]);

        Assert.Equal(6380, port);
        Assert.Equal(["--KEY", "v"], remaining);
        Assert.Equal(0, equalsForm);
        Assert.Equal(WorkerHost.DefaultTcpPort, defaultPort);
        Assert.Equal("--tcp-port 70000: not a TCP port (0 to 65535; 0 picks a free one). (Parameter 'args')", Assert.Throws<ArgumentException>(() => WorkerHost.ParseTcpPort(["--tcp-port", "70000"])).Message);
        Assert.StartsWith("--tcp-port needs a value", Assert.Throws<ArgumentException>(() => WorkerHost.ParseTcpPort(["--tcp-port"])).Message, StringComparison.Ordinal);
    }
}
