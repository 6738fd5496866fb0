using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace WorkerSockets.Internal;

/// <summary>The plaintext writer: buffers into one pooled array and sends it straight to the socket on flush.</summary>
/// <remarks>
/// A flush hands the filled array to the send and the next write rents another, so a flush canceled while its send is in
/// flight never lets the handler overwrite bytes still being sent. A flush that has to wait completes through a
/// <see cref="FlushWait"/> made on first need, so a writer whose sends never wait stays small.
/// </remarks>
internal sealed partial class SocketPipeWriter(Socket socket, object gate) : PipeWriter
{
    private const int MinimumBufferSize = 16384;

    // A large WriteAsync goes out in chunks of this size, so the buffer stays bounded whatever the caller writes.
    private const int WriteChunkSize = 65536;

    private byte[]? _buffer; // being filled by the handler
    private int _buffered;
    private byte[]? _sending; // handed to the socket; returned to the pool when sent
    private ReadOnlyMemory<byte> _unsent;
    private bool _completed;
    private bool _cancelRequested;
    private bool _waiting; // a FlushAsync returned a pending ValueTask backed by _wait
    private Exception? _error;
    private FlushWait? _wait; // made by the first flush that has to wait for the socket: small writes never do

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _buffered;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        ThrowIfCompleted();
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_buffered);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        ThrowIfCompleted();
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_buffered);
    }

    public override void Advance(int bytes)
    {
        ThrowIfCompleted();
        if (bytes < 0 || _buffered + bytes > (_buffer?.Length ?? 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "Cannot advance past the end of the buffer.");
        }

        _buffered += bytes;
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        if (source.Length <= WriteChunkSize)
        {
            EnsureCapacity(source.Length);
            source.Span.CopyTo(_buffer.AsSpan(_buffered));
            _buffered += source.Length;
            return FlushAsync(cancellationToken);
        }

        return WriteInChunksAsync(source, cancellationToken);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<FlushResult>(cancellationToken);
        }

        bool join = false;
        lock (gate)
        {
            ThrowIfCompleted();
            if (_waiting)
            {
                throw new InvalidOperationException("A flush is already pending on this writer.");
            }

            if (_cancelRequested)
            {
                _cancelRequested = false;
                return new(new FlushResult(isCanceled: true, isCompleted: false));
            }

            if (_error is { } error)
            {
                // Reported through the task, as the stream writer did, so the caller's error handling sees it.
                return ValueTask.FromException<FlushResult>(error);
            }

            if (_sending is not null)
            {
                // A canceled flush left its send running: wait for it; its completion sends what was written since.
                BeginWaitLocked(cancellationToken);
                join = true;
            }
            else if (_buffered == 0)
            {
                return default;
            }
            else
            {
                TakeBufferForSendLocked();
            }
        }

        return join ? WaitForSend(cancellationToken, registerContinuation: false) : Send(cancellationToken);
    }

    public override void CancelPendingFlush()
    {
        CancellationTokenRegistration registration;
        lock (gate)
        {
            if (!_waiting)
            {
                _cancelRequested = true;
                return;
            }

            _waiting = false;
            registration = TakeRegistrationLocked();
        }

        registration.Dispose();
        _wait!.Core.SetResult(new FlushResult(isCanceled: true, isCompleted: false));
    }

    /// <summary>Lets the buffers go; unlike the stream writer it does not send what is still buffered (that would block).</summary>
    public override void Complete(Exception? exception = null)
    {
        byte[]? release;
        bool failWaiter;
        CancellationTokenRegistration registration = default;
        lock (gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            release = _buffer;
            _buffer = null;
            _buffered = 0;
            failWaiter = _waiting;
            _waiting = false;
            if (failWaiter)
            {
                registration = TakeRegistrationLocked();
            }
        }

        registration.Dispose();
        if (release is not null)
        {
            ArrayPool<byte>.Shared.Return(release);
        }

        if (failWaiter)
        {
            _wait!.Core.SetException(new InvalidOperationException("The writer was completed while a flush was pending."));
        }
    }

    /// <summary>The exception the handler sees for a failed send: the same <see cref="IOException"/> <see cref="NetworkStream"/> throws.</summary>
    internal static Exception Wrap(Exception error) => error is SocketException socketError
        ? new IOException($"Unable to write data to the transport connection: {socketError.Message}.", socketError)
        : error;

    private void EnsureCapacity(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(needed, MinimumBufferSize));
            return;
        }

        if (_buffer.Length - _buffered >= needed)
        {
            return;
        }

        // Not flushed yet and out of room: keep everything contiguous in a larger array.
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _buffered + needed));
        Buffer.BlockCopy(_buffer, 0, larger, 0, _buffered);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> WriteInChunksAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        while (true)
        {
            int free = Math.Max(WriteChunkSize - _buffered, 1);
            int count = Math.Min(free, source.Length);
            EnsureCapacity(count);
            source.Span[..count].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += count;
            source = source[count..];
            var result = await FlushAsync(cancellationToken).ConfigureAwait(false);
            if (source.IsEmpty || result.IsCanceled || result.IsCompleted)
            {
                return result;
            }
        }
    }

    private void TakeBufferForSendLocked()
    {
        _sending = _buffer;
        _unsent = _buffer.AsMemory(0, _buffered);
        _buffer = null;
        _buffered = 0;
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("Writing is not allowed after the writer was completed.");
        }
    }

}
