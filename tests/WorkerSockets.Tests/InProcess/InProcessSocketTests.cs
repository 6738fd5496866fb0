using System.IO.Pipelines;
using WorkerSockets.Internal;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests.InProcess;

/// <summary>An in-process socket keeps every rule of a TCP one: the six slots, the request scope, close, half-open, errors, TLS refused.</summary>
public sealed class InProcessSocketTests
{
    private const string Address = $"{InProcessScope.Host}:5432";

    [Fact]
    public Task In_process_sockets_count_toward_the_six_and_the_seventh_waits_for_a_close() => InProcessScope.RunAsync(InProcessPeer.Echo(), async _ =>
    {
        var open = new List<WorkerSocket>();
        for (var i = 0; i < 6; i++)
        {
            open.Add(Sockets.Connect(Address));
        }

        await Task.WhenAll(open.Select(s => s.Opened)).WithTimeout();
        var seventh = Sockets.Connect(Address);
        Assert.Equal(SocketState.Queued, seventh.State);
        Assert.False(seventh.Opened.IsCompleted);

        await open[0].CloseAsync().WithTimeout();
        await seventh.Opened.WithTimeout();
        await seventh.WriteAsync("7"u8.ToArray());
        Assert.Equal("7"u8.ToArray(), await seventh.ReadExactlyAsync(1));
        foreach (var socket in open.Skip(1).Append(seventh))
        {
            await socket.CloseAsync().WithTimeout();
        }
    });

    [Fact]
    public async Task A_socket_used_from_another_request_throws_the_cross_request_error()
    {
        WorkerSocket? leaked = null;
        var echo = InProcessPeer.Echo();
        await InProcessScope.RunAsync(echo, async _ =>
        {
            leaked = Sockets.Connect(Address);
            await leaked.Opened.WithTimeout();
        });

        await InProcessScope.RunAsync(echo, async _ =>
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => leaked!.Writable.WriteAsync(new byte[1]).AsTask());
            Assert.StartsWith("Cannot perform I/O on behalf of a different request.", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_end_of_the_request_aborts_the_socket_logs_the_leak_and_cancels_the_destination()
    {
        var logger = new CollectingLogger();
        var inputFailed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var peer = new InProcessPeer(async (connection, cancellationToken) =>
        {
            try
            {
                while (!(await connection.Input.ReadAsync(CancellationToken.None)).IsCompleted)
                {
                }
            }
            catch (Exception e)
            {
                inputFailed.TrySetResult(e);
            }
        });
        WorkerSocket? socket = null;
        await InProcessScope.RunAsync(
            peer,
            async _ =>
            {
                socket = Sockets.Connect(Address);
                await socket.Opened.WithTimeout();
            },
            logger: logger);

        var cancellation = await peer.FirstConnection.WithTimeout();
        Assert.True(cancellation.IsCancellationRequested);
        Assert.Contains(Address, (await inputFailed.Task.WithTimeout()).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(() => socket!.Closed.WithTimeout());
        Assert.Single(logger.Entries, e => e.Message.Contains(Address, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_flushes_queued_writes_then_ends_the_destination_input_without_canceling_it()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var payload = new byte[300_000]; // past the pipe's back-pressure threshold
        Random.Shared.NextBytes(payload);
        var sink = InProcessPeer.Sink(received);
        await InProcessScope.RunAsync(sink, async _ =>
        {
            var socket = Sockets.Connect(Address);
            payload.CopyTo(socket.Writable.GetMemory(payload.Length));
            socket.Writable.Advance(payload.Length);
            var closed = socket.CloseAsync();
            Assert.Same(closed, socket.CloseAsync());
            await closed.WithTimeout();
            var write = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.Writable.WriteAsync(new byte[1]).AsTask());
            Assert.Equal("This WritableStream has been closed.", write.Message);
        });

        Assert.Equal(payload, await received.Task.WithTimeout());
        Assert.False((await sink.FirstConnection.WithTimeout()).IsCancellationRequested);
    }

    [Fact]
    public Task The_destination_ending_its_side_closes_the_socket_without_half_open() => InProcessScope.RunAsync(Greeter(), async _ =>
    {
        var socket = Sockets.Connect(Address);
        Assert.Equal("hello"u8.ToArray(), await socket.Readable.ReadToEndAsync());
        await socket.Closed.WithTimeout();
        await Assert.ThrowsAsync<InvalidOperationException>(() => socket.Writable.WriteAsync(new byte[1]).AsTask());
    });

    [Fact]
    public async Task With_half_open_the_handler_writes_on_after_the_destination_ended()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var peer = new InProcessPeer(async (connection, cancellationToken) =>
        {
            await connection.Output.WriteAsync("hello"u8.ToArray());
            await connection.Output.CompleteAsync();
            var sink = InProcessPeer.Sink(received);
            await sink.ServeAsync(connection, cancellationToken);
        });
        await InProcessScope.RunAsync(peer, async _ =>
        {
            var socket = Sockets.Connect(Address, new SocketOptions { AllowHalfOpen = true });
            Assert.Equal("hello"u8.ToArray(), await socket.Readable.ReadToEndAsync());
            Assert.False(socket.Closed.IsCompleted);
            await socket.WriteAsync("after"u8.ToArray());
            await socket.Writable.CompleteAsync();

            // As workerd: with half-open, both sides ending does not close the socket; CloseAsync does.
            Assert.Equal("after"u8.ToArray(), await received.Task.WithTimeout());
            Assert.False(socket.Closed.IsCompleted);
            await socket.CloseAsync().WithTimeout();
            await socket.Closed.WithTimeout();
        });
    }

    [Fact]
    public Task A_failing_destination_reaches_the_handler_as_a_broken_connection() => InProcessScope.RunAsync(
        new InProcessPeer((_, _) => throw new InvalidDataException("pooler bug")),
        async _ =>
        {
            var socket = Sockets.Connect(Address);
            await socket.Opened.WithTimeout();
            var read = await Assert.ThrowsAsync<IOException>(() => socket.Readable.ReadAsync().AsTask().WithTimeout());
            Assert.Equal($"The in-process destination {Address} failed while serving this connection.", read.Message);
            Assert.IsType<InvalidDataException>(read.InnerException);
            var closed = await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
            Assert.Same(read, closed);
        });

    [Fact]
    public async Task SecureTransport_On_is_refused_with_a_clear_error()
    {
        var echo = InProcessPeer.Echo();
        await InProcessScope.RunAsync(echo, async _ =>
        {
            var socket = Sockets.Connect(Address, new SocketOptions { SecureTransport = SecureTransport.On });
            var error = await Assert.ThrowsAsync<IOException>(() => socket.Opened.WithTimeout());
            Assert.StartsWith($"{Address} is served inside this process", error.Message, StringComparison.Ordinal);
            Assert.Contains("SecureTransport.Off", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<IOException>(() => socket.Closed.WithTimeout());
        });

        Assert.Equal(0, echo.Connections);
    }

    [Fact]
    public Task StartTls_fails_the_new_socket_with_the_same_clear_error() => InProcessScope.RunAsync(InProcessPeer.Echo(), async _ =>
    {
        var plain = Sockets.Connect(Address, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await plain.Opened.WithTimeout();
        var tls = plain.StartTls();
        Assert.True(plain.Upgraded);
        await plain.Closed.WithTimeout();
        var error = await Assert.ThrowsAsync<IOException>(() => tls.Opened.WithTimeout());
        Assert.StartsWith($"{Address} is served inside this process", error.Message, StringComparison.Ordinal);
    });

    [Fact]
    public Task The_Stream_view_works_over_an_in_process_socket() => InProcessScope.RunAsync(InProcessPeer.Echo(), async _ =>
    {
        await using var stream = Sockets.Connect(Address).Stream;
        await stream.WriteAsync("stream"u8.ToArray());
        var buffer = new byte[6];
        await stream.ReadExactlyAsync(buffer).AsTask().WithTimeout();
        Assert.Equal("stream"u8.ToArray(), buffer);
    });

    private static InProcessPeer Greeter() => new(static async (connection, _) =>
    {
        await connection.Output.WriteAsync("hello"u8.ToArray());
    });
}
