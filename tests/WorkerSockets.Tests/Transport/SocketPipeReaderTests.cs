using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using CsCheck;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests.Transport;

public sealed class SocketPipeReaderTests
{
    [Fact]
    public async Task A_read_after_examining_everything_waits_for_new_bytes_and_keeps_the_unconsumed_ones()
    {
        using var pair = await ConnectedPair.CreateAsync();
        await pair.PeerSendsAsync("hello"u8.ToArray());
        var first = await ReadAtLeastAsync(pair.Reader, 5);
        Assert.Equal("hello", Text(first.Buffer));
        pair.Reader.AdvanceTo(first.Buffer.GetPosition(2), first.Buffer.End);

        var next = pair.Reader.ReadAsync();
        Assert.False(next.IsCompleted, "nothing new arrived, so the read must wait");
        Assert.False(pair.Reader.TryRead(out _));

        await pair.PeerSendsAsync("!"u8.ToArray());
        var second = await next.WithTimeout();
        Assert.Equal("llo!", Text(second.Buffer));
        pair.Reader.AdvanceTo(second.Buffer.End);
    }

    [Fact]
    public async Task A_read_after_examining_part_returns_the_same_bytes_at_once()
    {
        using var pair = await ConnectedPair.CreateAsync();
        await pair.PeerSendsAsync("abcdef"u8.ToArray());
        var first = await ReadAtLeastAsync(pair.Reader, 6);
        pair.Reader.AdvanceTo(first.Buffer.GetPosition(1), first.Buffer.GetPosition(3));

        var again = pair.Reader.ReadAsync();
        Assert.True(again.IsCompletedSuccessfully);
        var result = await again;
        Assert.Equal("bcdef", Text(result.Buffer));
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Fact]
    public async Task Unconsumed_bytes_beyond_the_buffer_grow_it_and_stay_contiguous()
    {
        using var pair = await ConnectedPair.CreateAsync();
        var sent = Pattern(200 * 1024);
        var sending = pair.PeerSendsAsync(sent);

        // A parser that needs the whole message in one span: it examines everything and consumes nothing until it has it.
        ReadResult result;
        while (true)
        {
            result = await pair.Reader.ReadAsync().WithTimeout();
            if (result.Buffer.Length >= sent.Length)
            {
                break;
            }

            pair.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        await sending.WithTimeout();
        Assert.True(result.Buffer.IsSingleSegment);
        Assert.Equal(sent, result.Buffer.ToArray());
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Fact]
    public async Task CancelPendingRead_ends_a_waiting_read_as_canceled_and_loses_no_bytes()
    {
        using var pair = await ConnectedPair.CreateAsync();
        var waiting = pair.Reader.ReadAsync();
        Assert.False(waiting.IsCompleted);

        pair.Reader.CancelPendingRead();
        var canceled = await waiting.WithTimeout();
        Assert.True(canceled.IsCanceled);
        Assert.True(canceled.Buffer.IsEmpty);
        pair.Reader.AdvanceTo(canceled.Buffer.Start);
        Assert.True(pair.Reader.IsReceiving, "the receive the canceled read started is still in flight");

        await pair.PeerSendsAsync("after"u8.ToArray());
        var result = await ReadAtLeastAsync(pair.Reader, 5);
        Assert.False(result.IsCanceled);
        Assert.Equal("after", Text(result.Buffer));
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Fact]
    public async Task CancelPendingRead_with_no_read_waiting_cancels_the_next_read_or_TryRead()
    {
        using var pair = await ConnectedPair.CreateAsync();
        pair.Reader.CancelPendingRead();
        var next = pair.Reader.ReadAsync();
        Assert.True(next.IsCompletedSuccessfully);
        var canceled = await next;
        Assert.True(canceled.IsCanceled);
        pair.Reader.AdvanceTo(canceled.Buffer.Start);

        pair.Reader.CancelPendingRead();
        Assert.True(pair.Reader.TryRead(out var tried));
        Assert.True(tried.IsCanceled);
        pair.Reader.AdvanceTo(tried.Buffer.Start);
        Assert.False(pair.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_canceled_token_ends_the_waiting_read_and_the_next_read_gets_the_bytes()
    {
        using var pair = await ConnectedPair.CreateAsync();
        using var cancel = new CancellationTokenSource();
        var waiting = pair.Reader.ReadAsync(cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WithTimeout());

        await pair.PeerSendsAsync("kept"u8.ToArray());
        var result = await ReadAtLeastAsync(pair.Reader, 4);
        Assert.Equal("kept", Text(result.Buffer));
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Fact]
    public async Task The_peers_end_completes_reads_with_the_buffered_bytes_still_readable()
    {
        using var pair = await ConnectedPair.CreateAsync();
        await pair.PeerSendsAsync("abc"u8.ToArray());
        pair.Peer.Shutdown(SocketShutdown.Send);

        var result = await ReadAtLeastAsync(pair.Reader, 3);
        pair.Reader.AdvanceTo(result.Buffer.GetPosition(1), result.Buffer.End);
        while (!result.IsCompleted)
        {
            result = await pair.Reader.ReadAsync().WithTimeout();
            pair.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        // Completed, and the two unconsumed bytes are still there; reading again changes nothing.
        var after = await pair.Reader.ReadAsync().WithTimeout();
        Assert.True(after.IsCompleted);
        Assert.Equal("bc", Text(after.Buffer));
        pair.Reader.AdvanceTo(after.Buffer.End);
        var empty = await pair.Reader.ReadAsync().WithTimeout();
        Assert.True(empty.IsCompleted);
        Assert.True(empty.Buffer.IsEmpty);
    }

    [Fact]
    public async Task A_reset_fails_the_read_with_the_exception_NetworkStream_throws()
    {
        var (expected, expectedCode) = await ReadUntilResetAsync(pair => new NetworkStream(pair.Client, ownsSocket: false) is var stream
            ? PipeReader.Create(stream)
            : throw new InvalidOperationException());
        var (actual, actualCode) = await ReadUntilResetAsync(pair => pair.Reader);

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.IsType<IOException>(actual);
        Assert.Equal(SocketError.ConnectionReset, actualCode);
        Assert.Equal(expectedCode, actualCode);
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public async Task Reads_after_Complete_throw_and_Complete_is_idempotent()
    {
        using var pair = await ConnectedPair.CreateAsync();
        pair.Reader.Complete();
        pair.Reader.Complete();
        Assert.Throws<InvalidOperationException>(() => pair.Reader.ReadAsync());
        Assert.Throws<InvalidOperationException>(() => pair.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Advancing_to_a_position_from_another_buffer_throws()
    {
        using var pair = await ConnectedPair.CreateAsync();
        await pair.PeerSendsAsync("xy"u8.ToArray());
        var result = await ReadAtLeastAsync(pair.Reader, 2);
        var foreign = new ReadOnlySequence<byte>(new byte[4]);
        Assert.Throws<InvalidOperationException>(() => pair.Reader.AdvanceTo(foreign.End));
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Fact]
    public async Task Random_peer_chunks_and_random_consume_patterns_read_back_the_exact_stream()
    {
        var chunks = Gen.Int[1, 100_000].Array[1, 12];
        var consumeShares = Gen.Int[0, 100].Array[1, 8];
        await Gen.Select(chunks, consumeShares, Gen.Int).SampleAsync(
            async (sizes, shares, seed) =>
            {
                using var pair = await ConnectedPair.CreateAsync();
                var sent = new byte[sizes.Sum()];
                new Random(seed).NextBytes(sent);
                var sending = SendInChunksAsync(pair, sent, sizes);

                var received = new List<byte>(sent.Length);
                for (var turn = 0; ; turn++)
                {
                    var result = await pair.Reader.ReadAsync().WithTimeout();
                    var buffer = result.Buffer;
                    long take = result.IsCompleted ? buffer.Length : buffer.Length * shares[turn % shares.Length] / 100;
                    received.AddRange(buffer.Slice(0, take).ToArray());
                    pair.Reader.AdvanceTo(buffer.GetPosition(take), buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }

                await sending.WithTimeout();
                Assert.Equal(sent, received.ToArray());
            },
            iter: 25);
    }

    private static async Task SendInChunksAsync(ConnectedPair pair, byte[] bytes, int[] sizes)
    {
        int offset = 0;
        foreach (int size in sizes)
        {
            await pair.PeerSendsAsync(bytes.AsMemory(offset, size));
            offset += size;
        }

        pair.Peer.Shutdown(SocketShutdown.Send);
    }

    private static async Task<(Exception Error, SocketError Code)> ReadUntilResetAsync(Func<ConnectedPair, PipeReader> readerOf)
    {
        using var pair = await ConnectedPair.CreateAsync();
        var reader = readerOf(pair);
        await pair.PeerSendsAsync("partial"u8.ToArray());
        var result = await ReadAtLeastAsync(reader, 7);
        reader.AdvanceTo(result.Buffer.End);
        pair.Peer.LingerState = new LingerOption(true, 0);
        pair.Peer.Close();

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (true)
            {
                var next = await reader.ReadAsync().WithTimeout();
                Assert.False(next.IsCompleted, "a reset must not look like a clean end of stream");
                reader.AdvanceTo(next.Buffer.End);
            }
        });
        return (error, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }

    private static async Task<ReadResult> ReadAtLeastAsync(PipeReader reader, int count)
    {
        while (true)
        {
            var result = await reader.ReadAsync().WithTimeout();
            if (result.Buffer.Length >= count || result.IsCompleted)
            {
                return result;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static string Text(ReadOnlySequence<byte> buffer) => System.Text.Encoding.ASCII.GetString(buffer.ToArray());

    internal static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + (i >> 8));
        }

        return bytes;
    }
}
