using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests.Transport;

public sealed class SocketPipeWriterTests
{
    [Fact]
    public async Task A_16_MiB_write_arrives_whole_and_in_order()
    {
        using var pair = await ConnectedPair.CreateAsync();
        var sent = SocketPipeReaderTests.Pattern(16 * 1024 * 1024);
        var receiving = pair.PeerReceivesAsync(sent.Length);

        var result = await pair.Writer.WriteAsync(sent).WithTimeout();

        Assert.False(result.IsCanceled);
        Assert.Equal(sent, await receiving.WithTimeout());
    }

    [Fact]
    public async Task A_size_hint_larger_than_the_buffer_gets_that_much_memory()
    {
        using var pair = await ConnectedPair.CreateAsync();
        var sent = SocketPipeReaderTests.Pattern(300 * 1024);
        var receiving = pair.PeerReceivesAsync(sent.Length + 2);

        pair.Writer.Write("<<"u8);
        var memory = pair.Writer.GetMemory(sent.Length);
        Assert.True(memory.Length >= sent.Length);
        sent.CopyTo(memory);
        pair.Writer.Advance(sent.Length);
        Assert.True(pair.Writer.CanGetUnflushedBytes);
        Assert.Equal(sent.Length + 2, pair.Writer.UnflushedBytes);
        await pair.Writer.FlushAsync().WithTimeout();

        Assert.Equal(0, pair.Writer.UnflushedBytes);
        byte[] expected = [(byte)'<', (byte)'<', .. sent];
        Assert.Equal(expected, await receiving.WithTimeout());
    }

    [Fact]
    public async Task Many_small_writes_without_a_flush_go_out_in_order_on_the_flush()
    {
        using var pair = await ConnectedPair.CreateAsync();
        var expected = new List<byte>();
        for (var i = 0; i < 10_000; i++)
        {
            var piece = BitConverter.GetBytes(i);
            pair.Writer.Write(piece);
            expected.AddRange(piece);
        }

        var receiving = pair.PeerReceivesAsync(expected.Count);
        await pair.Writer.FlushAsync().WithTimeout();
        Assert.Equal(expected.ToArray(), await receiving.WithTimeout());
    }

    [Fact]
    public async Task CancelPendingFlush_ends_a_waiting_flush_as_canceled_and_the_bytes_still_arrive()
    {
        using var pair = await ConnectedPair.CreateAsync();
        pair.Client.SendBufferSize = 16 * 1024;
        pair.Peer.ReceiveBufferSize = 16 * 1024;

        // The peer does not read yet, so a flush this large has to wait for the socket buffers to drain.
        var sent = SocketPipeReaderTests.Pattern(32 * 1024 * 1024);
        sent.CopyTo(pair.Writer.GetMemory(sent.Length));
        pair.Writer.Advance(sent.Length);
        var flushing = pair.Writer.FlushAsync();
        Assert.False(flushing.IsCompleted, "the peer is not reading, so the flush must wait");

        pair.Writer.CancelPendingFlush();
        var canceled = await flushing.WithTimeout();
        Assert.True(canceled.IsCanceled);

        // Written after the cancel: goes out after the bytes of the canceled flush, once the next flush joins it.
        pair.Writer.Write("tail"u8);
        var receiving = pair.PeerReceivesAsync(sent.Length + 4);
        var result = await pair.Writer.FlushAsync().WithTimeout();
        Assert.False(result.IsCanceled);
        byte[] expected = [.. sent, (byte)'t', (byte)'a', (byte)'i', (byte)'l'];
        Assert.Equal(expected, await receiving.WithTimeout());
    }

    [Fact]
    public async Task CancelPendingFlush_with_no_flush_waiting_cancels_the_next_flush()
    {
        using var pair = await ConnectedPair.CreateAsync();
        pair.Writer.CancelPendingFlush();
        pair.Writer.Write("x"u8);
        var canceled = await pair.Writer.FlushAsync().WithTimeout();
        Assert.True(canceled.IsCanceled);

        var receiving = pair.PeerReceivesAsync(1);
        var flushed = await pair.Writer.FlushAsync().WithTimeout();
        Assert.False(flushed.IsCanceled);
        Assert.Equal("x"u8.ToArray(), await receiving.WithTimeout());
    }

    [Fact]
    public async Task A_canceled_token_ends_the_waiting_flush_with_OperationCanceledException()
    {
        using var pair = await ConnectedPair.CreateAsync();
        pair.Client.SendBufferSize = 16 * 1024;
        pair.Peer.ReceiveBufferSize = 16 * 1024;
        using var cancel = new CancellationTokenSource();
        var sent = SocketPipeReaderTests.Pattern(32 * 1024 * 1024);
        sent.CopyTo(pair.Writer.GetMemory(sent.Length));
        pair.Writer.Advance(sent.Length);
        var flushing = pair.Writer.FlushAsync(cancel.Token);
        Assert.False(flushing.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flushing.WithTimeout());
        var receiving = pair.PeerReceivesAsync(sent.Length);
        await pair.Writer.FlushAsync().WithTimeout();
        Assert.Equal(sent, await receiving.WithTimeout());
    }

    [Fact]
    public async Task A_reset_fails_the_flush_with_the_IOException_NetworkStream_throws()
    {
        using var pair = await ConnectedPair.CreateAsync();
        pair.Peer.LingerState = new LingerOption(true, 0);
        pair.Peer.Close();

        var chunk = new byte[64 * 1024];
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            while (true)
            {
                await pair.Writer.WriteAsync(chunk).WithTimeout();
            }
        });

        Assert.StartsWith("Unable to write data to the transport connection: ", error.Message, StringComparison.Ordinal);
        var socketError = Assert.IsType<SocketException>(error.InnerException);
        Assert.Contains(socketError.SocketErrorCode, new[] { SocketError.ConnectionReset, SocketError.Shutdown, SocketError.ConnectionAborted });

        // Later flushes report the same failure instead of sending.
        pair.Writer.Write("x"u8);
        Assert.Same(error, await Assert.ThrowsAsync<IOException>(() => pair.Writer.FlushAsync().AsTask()));
    }

    [Fact]
    public async Task Writes_after_Complete_throw()
    {
        using var pair = await ConnectedPair.CreateAsync();
        pair.Writer.Write("unsent"u8);
        pair.Writer.Complete();
        pair.Writer.Complete();
        Assert.Throws<InvalidOperationException>(() => pair.Writer.GetMemory());
        Assert.Throws<InvalidOperationException>(() => pair.Writer.FlushAsync());
    }
}
