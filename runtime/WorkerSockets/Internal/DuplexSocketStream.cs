using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace WorkerSockets.Internal;

/// <summary><see cref="WorkerSocket.Stream"/>: reads from <see cref="WorkerSocket.Readable"/>, writes to <see cref="WorkerSocket.Writable"/>.</summary>
/// <remarks>Asynchronous only: a synchronous read would block a thread on network I/O.</remarks>
internal sealed class DuplexSocketStream(WorkerSocket owner) : Stream
{
    private PipeReader Reader => owner.Readable; // read through the owner, not kept: one field per stream

    private PipeWriter Writer => owner.Writable;

    private const string SyncNotSupported = "A WorkerSocket stream is asynchronous only; use ReadAsync, WriteAsync and FlushAsync.";

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Reads straight from the pipe (not through PipeReader.AsStream) so a read that has to wait allocates nothing.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = Reader.ReadAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new(CopyOut(pending.Result, buffer)) : ReadWhenReadyAsync(pending, buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Writes straight to the pipe (not through PipeWriter.AsStream): no wrapper stream per socket.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = Writer.WriteAsync(buffer, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            ThrowIfCanceled(pending.Result);
            return default;
        }

        return WriteWhenFlushedAsync(pending);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var pending = Writer.FlushAsync(cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            ThrowIfCanceled(pending.Result);
            return Task.CompletedTask;
        }

        return WriteWhenFlushedAsync(pending).AsTask();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException(SyncNotSupported);

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException(SyncNotSupported);

    // Flush() is called by some disposal paths; with nothing buffered beyond the pipe it has no work to do synchronously.
    public override void Flush()
    {
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WriteWhenFlushedAsync(ValueTask<FlushResult> pending)
        => ThrowIfCanceled(await pending.ConfigureAwait(false));

    // What PipeWriter.AsStream does with a flush canceled by CancelPendingFlush.
    private static void ThrowIfCanceled(FlushResult result)
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The pending flush was canceled.");
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadWhenReadyAsync(ValueTask<ReadResult> pending, Memory<byte> buffer)
        => CopyOut(await pending.ConfigureAwait(false), buffer);

    /// <summary>Copies what fits into <paramref name="buffer"/> and consumes exactly that; 0 means the peer ended its side.</summary>
    private int CopyOut(ReadResult result, Memory<byte> buffer)
    {
        var available = result.Buffer;
        if (result.IsCanceled && available.IsEmpty)
        {
            Reader.AdvanceTo(available.Start);
            throw new OperationCanceledException("The pending read was canceled.");
        }

        int count = (int)Math.Min(available.Length, buffer.Length);
        available.Slice(0, count).CopyTo(buffer.Span);
        Reader.AdvanceTo(available.GetPosition(count));
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => new(owner.CloseAsync());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Closing is asynchronous; the socket's Closed task reports its outcome.
            _ = owner.CloseAsync();
        }

        base.Dispose(disposing);
    }
}
