using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace WorkerSockets.Internal;

/// <summary>The plaintext reader: receives straight from the socket into one pooled buffer, as Kestrel's socket transport does.</summary>
/// <remarks>
/// A read that has to wait completes through this object (an <see cref="IValueTaskSource{TResult}"/>), so steady-state reads
/// allocate nothing. A canceled read leaves its receive in flight; the next read joins it, so no byte is lost.
/// </remarks>
internal sealed partial class SocketPipeReader(Socket socket, object gate) : PipeReader, IValueTaskSource<ReadResult>
{
    /// <summary>The size of the pooled receive buffer, as the stream reader it replaces used.</summary>
    public const int BufferSize = 65536;

    // Unconsumed bytes move to the front once less than this is free behind them; the buffer grows when even that is not enough.
    private const int MinimumReadSize = 16384;
    private const int MinimumFreeBeforeGrowing = 4096;

    private byte[]? _buffer;
    private int _start; // first unconsumed byte
    private int _end; // end of the received bytes
    private bool _examinedEverything;
    private bool _endOfStream;
    private Exception? _error;
    private bool _completed;
    private bool _cancelRequested;
    private bool _receiving; // a receive into _buffer[_end..] is in flight; it may outlive a canceled read
    private bool _waiting; // a ReadAsync returned a pending ValueTask backed by _core
    private ValueTask<int> _receive;
    private Action? _onReceived;
    private CancellationToken _waitToken;
    private CancellationTokenRegistration _waitRegistration;
    private ManualResetValueTaskSourceCore<bool> _core; // the result is whether the read was canceled; the bytes are read at GetResult

    /// <summary>Whether a receive is still in flight (a canceled read leaves it running); its bytes would go to this reader.</summary>
    public bool IsReceiving
    {
        get
        {
            lock (gate)
            {
                return _receiving;
            }
        }
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ReadResult>(cancellationToken);
        }

        while (true)
        {
            Memory<byte> free = default;
            bool join = false;
            lock (gate)
            {
                ThrowIfCompleted();
                if (_waiting)
                {
                    throw new InvalidOperationException("A read is already pending on this reader.");
                }

                if (TryReadLocked(out var result))
                {
                    return new(result);
                }

                if (_receiving)
                {
                    // A canceled read left its receive running: wait for it rather than start a second one.
                    BeginWaitLocked(cancellationToken);
                    join = true;
                }
                else
                {
                    free = PrepareBufferLocked();
                    _receiving = true;
                }
            }

            if (join)
            {
                return WaitForReceive(cancellationToken, registerContinuation: false);
            }

            ValueTask<int> receive;
            try
            {
                receive = socket.ReceiveAsync(free, SocketFlags.None, CancellationToken.None);
            }
            catch (Exception e)
            {
                OnReceived(0, e);
                continue;
            }

            if (receive.IsCompleted)
            {
                // The common case when data is flowing: the socket had bytes ready, no wait and no callback.
                CompleteReceive(receive);
                continue;
            }

            _receive = receive;
            bool canceled;
            lock (gate)
            {
                canceled = _cancelRequested;
                _cancelRequested = false;
                if (!canceled)
                {
                    BeginWaitLocked(cancellationToken);
                }
            }

            if (!canceled)
            {
                return WaitForReceive(cancellationToken, registerContinuation: true);
            }

            // CancelPendingRead came while the receive was being started: this read ends now, the receive runs on.
            _receive.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReceived ??= OnReceiveCompleted);
            lock (gate)
            {
                return new(new ReadResult(BufferedLocked(), isCanceled: true, isCompleted: _endOfStream && _error is null));
            }
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        lock (gate)
        {
            ThrowIfCompleted();
            if (_error is not null && !_cancelRequested)
            {
                // A failed receive is reported by ReadAsync; TryRead only says there is nothing to read.
                result = default;
                return false;
            }

            return TryReadLocked(out result);
        }
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        byte[]? release = null;
        lock (gate)
        {
            ThrowIfCompleted();
            object? owner = consumed.GetObject();
            int consumedAt = consumed.GetInteger();
            int examinedAt = examined.GetInteger();
            if (owner is null && examined.GetObject() is null)
            {
                // The empty buffer of a read that had nothing: nothing to give back, and everything was examined.
                _examinedEverything = _start == _end;
                return;
            }

            if (!ReferenceEquals(owner, _buffer) || !ReferenceEquals(examined.GetObject(), _buffer)
                || consumedAt < _start || consumedAt > _end || examinedAt < consumedAt || examinedAt > _end)
            {
                throw new InvalidOperationException("The position is not part of the buffer the last read returned.");
            }

            _start = consumedAt;
            _examinedEverything = examinedAt == _end;
            if (_start == _end && !_receiving)
            {
                // Fully consumed: the buffer goes back to the pool between reads, as the stream reader's segments did.
                release = _buffer;
                _buffer = null;
                _start = _end = 0;
            }
        }

        if (release is not null)
        {
            ArrayPool<byte>.Shared.Return(release);
        }
    }

    public override void CancelPendingRead()
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
        _core.SetResult(true);
    }

    public override void Complete(Exception? exception = null)
    {
        byte[]? release = null;
        bool failWaiter;
        CancellationTokenRegistration registration = default;
        lock (gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            failWaiter = _waiting;
            _waiting = false;
            if (failWaiter)
            {
                registration = TakeRegistrationLocked();
            }

            // A receive in flight still writes into the buffer; its completion returns it instead.
            if (!_receiving)
            {
                release = _buffer;
                _buffer = null;
            }
        }

        registration.Dispose();
        if (release is not null)
        {
            ArrayPool<byte>.Shared.Return(release);
        }

        if (failWaiter)
        {
            _core.SetException(new InvalidOperationException("The reader was completed while a read was pending."));
        }
    }

    /// <summary>The exception the handler sees for a failed receive: the same <see cref="IOException"/> <see cref="NetworkStream"/> throws.</summary>
    internal static Exception Wrap(Exception error) => error is SocketException socketError
        ? new IOException($"Unable to read data from the transport connection: {socketError.Message}.", socketError)
        : error;

    private bool TryReadLocked(out ReadResult result)
    {
        if (_cancelRequested)
        {
            _cancelRequested = false;
            result = new ReadResult(BufferedLocked(), isCanceled: true, isCompleted: _endOfStream && _error is null);
            return true;
        }

        if (_error is { } error)
        {
            throw error;
        }

        if (_endOfStream || (_end > _start && !_examinedEverything))
        {
            result = new ReadResult(BufferedLocked(), isCanceled: false, isCompleted: _endOfStream);
            return true;
        }

        result = default;
        return false;
    }

    private ReadOnlySequence<byte> BufferedLocked() => _buffer is null ? default : new(_buffer, _start, _end - _start);

    /// <summary>Makes room behind the unconsumed bytes; only called with no receive in flight, so bytes may move.</summary>
    private Memory<byte> PrepareBufferLocked()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            _start = _end = 0;
        }

        int unconsumed = _end - _start;
        if (_buffer.Length - _end < MinimumReadSize && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unconsumed);
            _start = 0;
            _end = unconsumed;
        }

        if (_buffer.Length - _end < MinimumFreeBeforeGrowing)
        {
            // The handler keeps more than the buffer holds (a large message it parses whole): grow rather than stall.
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, _start, larger, 0, unconsumed);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            _start = 0;
            _end = unconsumed;
        }

        return _buffer.AsMemory(_end);
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("Reading is not allowed after the reader was completed.");
        }
    }
}
