using System.Net;
using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>
/// Bytes written before the socket opened, then the writer completed or the socket closed before it opened: as workerd
/// queues <c>writer.close()</c> and <c>close()</c> behind the writes, the bytes go out first and the end follows them.
/// </summary>
public sealed class EarlyWriteTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Completing_the_writer_before_the_socket_opens_sends_the_bytes_then_the_FIN()
    {
        await using var sink = new SinkServer();
        var lookup = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"db.test:{sink.Port}");
                var write = socket.Writable.WriteAsync(Payload).AsTask();
                var end = socket.Writable.CompleteAsync().AsTask();
                Assert.False(socket.Opened.IsCompleted); // the lookup has not answered: the socket is still connecting

                lookup.SetResult([IPAddress.Loopback]);
                await write.WithTimeout();
                await end.WithTimeout();
                Assert.Equal(Payload, await sink.NextReceivedAsync(Scope.Timeout));
                await socket.CloseAsync().WithTimeout();
            },
            GatedLookup(lookup));
    }

    [Fact]
    public async Task A_write_accepted_before_the_socket_opens_completes_when_close_sends_it()
    {
        await using var sink = new SinkServer();
        var lookup = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"db.test:{sink.Port}");
                var write = socket.Writable.WriteAsync(Payload).AsTask();
                var close = socket.CloseAsync();
                Assert.False(socket.Opened.IsCompleted);

                lookup.SetResult([IPAddress.Loopback]);
                await write.WithTimeout(); // sent by the close, not failed by it
                await close.WithTimeout();
                await socket.Closed.WithTimeout();
                Assert.Equal(Payload, await sink.NextReceivedAsync(Scope.Timeout));
            },
            GatedLookup(lookup));
    }

    [Fact]
    public async Task Completing_the_writer_of_a_socket_whose_connect_fails_leaves_the_error_to_Opened_and_Closed()
    {
        var lookup = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Scope.RunAsync(
            async _ =>
            {
                var socket = Sockets.Connect($"db.test:{UnusedPort()}");
                var write = socket.Writable.WriteAsync(Payload).AsTask();
                var end = socket.Writable.CompleteAsync().AsTask();

                lookup.SetResult([IPAddress.Loopback]);
                await end.WithTimeout(); // the end has nothing to send; it does not fault
                var opened = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
                var written = await Assert.ThrowsAsync<IOException>(() => write.WithTimeout());
                Assert.Equal(opened.Message, written.Message);
                Assert.StartsWith("proxy request failed, cannot connect to the specified address", opened.Message, StringComparison.Ordinal);
                await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
            },
            GatedLookup(lookup));
    }

    /// <summary>A development policy whose lookup of every name waits for <paramref name="lookup"/>, so the test decides when the socket connects.</summary>
    private static SocketPolicy GatedLookup(TaskCompletionSource<IPAddress[]> lookup)
        => SocketPolicy.Development.WithResolver((_, _) => lookup.Task);

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
