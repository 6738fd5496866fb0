using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace WorkerSockets.Internal;

/// <summary><see cref="WorkerSocket.Writable"/>: the transport's writer behind the request-scope and closing checks.</summary>
internal sealed class SocketWriter(WorkerSocket owner) : PipeWriter
{
    private PipeWriter? _inner;

    // Bytes written before the socket opened; they go out, in order, with the first flush after it opens.
    private ArrayBufferWriter<byte>? _early;
    private bool _flushing;
    private TaskCompletionSource? _flushIdle;

    public void Attach(PipeWriter inner) => _inner = inner;

    public void Release() => _inner = null;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        owner.EnsureWritable();
        return _early is null && _inner is { } inner ? inner.GetMemory(sizeHint) : (_early ??= new()).GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        owner.EnsureWritable();
        return _early is null && _inner is { } inner ? inner.GetSpan(sizeHint) : (_early ??= new()).GetSpan(sizeHint);
    }

    public override void Advance(int bytes)
    {
        if (_early is { } early)
        {
            early.Advance(bytes);
        }
        else
        {
            (_inner ?? throw new InvalidOperationException(SocketErrors.WritableClosed)).Advance(bytes);
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        owner.EnsureWritable();
        if (_early is not null || _inner is null)
        {
            return FlushWhenOpenAsync(cancellationToken);
        }

        return Track(_inner.FlushAsync(cancellationToken), cancellationToken);
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        owner.EnsureWritable();
        if (_early is not null || _inner is null)
        {
            (_early ??= new()).Write(source.Span);
            return FlushWhenOpenAsync(cancellationToken);
        }

        return Track(_inner.WriteAsync(source, cancellationToken), cancellationToken);
    }

    public override void CancelPendingFlush() => _inner?.CancelPendingFlush();

    // Completing with an error means the writer failed: the connection is reset rather than ended cleanly.
    public override void Complete(Exception? exception = null) => _ = owner.EndWriting(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => new(owner.EndWriting(exception));

    /// <summary>Waits for a flush the handler started, then sends everything still buffered (before a close or an upgrade).</summary>
    public async Task FlushQueuedAsync()
    {
        Task? idle = null;
        // Short sections that never nest: the socket's own lock serves, so the writer carries none.
        lock (owner.Gate)
        {
            if (_flushing)
            {
                _flushIdle ??= new(TaskCreationOptions.RunContinuationsAsynchronously);
                idle = _flushIdle.Task;
            }
        }

        if (idle is not null)
        {
            await idle.ConfigureAwait(false);
        }

        if (_inner is not { } inner)
        {
            return;
        }

        if (_early is { } early)
        {
            _early = null;
            inner.Write(early.WrittenSpan);
        }

        await inner.FlushAsync().ConfigureAwait(false);
    }

    private ValueTask<FlushResult> Track(ValueTask<FlushResult> pending, CancellationToken cancellationToken)
        => pending.IsCompletedSuccessfully ? pending : AwaitFlushAsync(pending, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> AwaitFlushAsync(ValueTask<FlushResult> pending, CancellationToken cancellationToken)
    {
        lock (owner.Gate)
        {
            _flushing = true;
        }

        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw owner.OnWriteFailed(e);
        }
        finally
        {
            EndFlush();
        }
    }

    /// <summary>Marks the flush under way as done and wakes whoever waits for the writer to be idle.</summary>
    private void EndFlush()
    {
        TaskCompletionSource? idle;
        lock (owner.Gate)
        {
            _flushing = false;
            idle = _flushIdle;
            _flushIdle = null;
        }

        idle?.TrySetResult();
    }

    /// <summary>Sends the bytes written before the socket opened, once it has.</summary>
    /// <remarks>
    /// Counted as a flush from the start, so a close, an end or an upgrade that comes meanwhile waits for it in
    /// <see cref="FlushQueuedAsync"/> instead of failing a write the handler was told is under way.
    /// </remarks>
    private async ValueTask<FlushResult> FlushWhenOpenAsync(CancellationToken cancellationToken)
    {
        lock (owner.Gate)
        {
            _flushing = true;
        }

        try
        {
            await owner.Opened.WaitAsync(cancellationToken).ConfigureAwait(false);
            owner.EnsureQueuedBytesCanBeSent();
            var inner = _inner ?? throw new InvalidOperationException(SocketErrors.WritableClosed);
            if (_early is { } early)
            {
                _early = null;
                inner.Write(early.WrittenSpan);
            }

            return await Track(inner.FlushAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            EndFlush();
        }
    }
}
