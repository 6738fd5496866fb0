using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace WorkerSockets.Internal;

/// <summary><see cref="WorkerSocket.Readable"/>: the transport's reader behind the request-scope and closing checks.</summary>
internal sealed class SocketReader(WorkerSocket owner) : PipeReader
{
    private PipeReader? _inner;

    // The reader that returned the buffer the handler holds: AdvanceTo goes there even if the transport left meanwhile.
    private PipeReader? _readFrom;
    private bool _holdingBuffer;
    private volatile bool _readPending;
    private bool _completeWhenReleased;

    /// <summary>Whether a read has reported the peer's end of stream.</summary>
    public bool EndOfStreamSeen { get; private set; }

    public void Attach(PipeReader inner) => _inner = inner;

    /// <summary>The transport is going away: let the inner reader go unless the handler still holds its buffers or data.</summary>
    public void Release()
    {
        if (_holdingBuffer || EndOfStreamSeen)
        {
            _completeWhenReleased = true;
            return;
        }

        _inner = null;
    }

    /// <summary>Takes the inner reader away for <c>StartTls</c>; bytes already buffered are returned so the caller can refuse them.</summary>
    /// <exception cref="IOException">A read is still pending: its bytes could be the start of the TLS handshake.</exception>
    public long Detach()
    {
        // A canceled read leaves the socket reader's receive running; it would take the start of the handshake too.
        if (_readPending || _inner is SocketPipeReader { IsReceiving: true })
        {
            throw new IOException(SocketErrors.ReadPendingAtStartTls);
        }

        var inner = _inner;
        _inner = null;
        if (inner is null || _holdingBuffer)
        {
            return 0;
        }

        if (inner.TryRead(out var result))
        {
            long buffered = result.Buffer.Length;
            inner.AdvanceTo(result.Buffer.Start);
            return buffered;
        }

        return 0;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        owner.EnsureReadable(EndOfStreamSeen);
        var inner = _inner;
        if (inner is null)
        {
            // Before the connection exists a read waits for it; after, a missing reader means this side was completed.
            return owner.Opened.IsCompleted
                ? throw new InvalidOperationException(SocketErrors.ReadableClosing)
                : ReadWhenOpenAsync(cancellationToken);
        }

        if (EndOfStreamSeen)
        {
            return new(ReadAfterEnd(inner));
        }

        ValueTask<ReadResult> pending;
        try
        {
            pending = inner.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw owner.OnReadFailed(e);
        }

        if (pending.IsCompletedSuccessfully)
        {
            return new(OnRead(inner, pending.Result));
        }

        return AwaitReadAsync(inner, pending, cancellationToken);
    }

    public override bool TryRead(out ReadResult result)
    {
        owner.EnsureReadable(EndOfStreamSeen);
        if (_inner is { } inner && inner.TryRead(out result))
        {
            OnRead(inner, result);
            return true;
        }

        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_readFrom is not { } inner)
        {
            // The end-of-stream result made up after the transport left has nothing to give back.
            if (EndOfStreamSeen)
            {
                return;
            }

            throw new InvalidOperationException("No read is in progress on this socket.");
        }

        _holdingBuffer = false;
        _readFrom = null;
        inner.AdvanceTo(consumed, examined);
        if (_completeWhenReleased && !EndOfStreamSeen)
        {
            _inner = null;
            inner.Complete();
        }
    }

    public override void CancelPendingRead() => _inner?.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        var inner = _inner;
        _inner = null;
        _readFrom = null;
        _holdingBuffer = false;
        inner?.Complete(exception);
    }

    /// <summary>After the peer's end only buffered bytes remain; the transport may already be gone, so it is not read again.</summary>
    private ReadResult ReadAfterEnd(PipeReader inner)
    {
        if (inner.TryRead(out var result))
        {
            return OnRead(inner, result);
        }

        _readFrom = null;
        _holdingBuffer = false;
        return new ReadResult(default, isCanceled: false, isCompleted: true);
    }

    private ReadResult OnRead(PipeReader inner, ReadResult result)
    {
        _readFrom = inner;
        _holdingBuffer = true;
        if (result.IsCompleted && !EndOfStreamSeen)
        {
            EndOfStreamSeen = true;
            owner.OnPeerEnded();
        }

        return result;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitReadAsync(PipeReader inner, ValueTask<ReadResult> pending, CancellationToken cancellationToken)
    {
        _readPending = true;
        ReadResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw owner.OnReadFailed(e, wasPending: true);
        }
        finally
        {
            _readPending = false;
        }

        // As workerd, whose close() cancels the readable: a read still waiting when the handler closed the socket
        // fails, also when the teardown ended it as an end of stream (a TLS stream's close does) rather than an error.
        if (result.IsCompleted && result.Buffer.IsEmpty && owner.CloseRequested)
        {
            inner.AdvanceTo(result.Buffer.Start);
            throw new InvalidOperationException(SocketErrors.SocketClosed);
        }

        return OnRead(inner, result);
    }

    private async ValueTask<ReadResult> ReadWhenOpenAsync(CancellationToken cancellationToken)
    {
        await owner.Opened.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(cancellationToken).ConfigureAwait(false);
    }
}
