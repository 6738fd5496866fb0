using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks.Sources;

namespace WorkerSockets.Internal;

// A read that has to wait: the completion it returns, the socket receive it waits on, and its cancellation.
internal sealed partial class SocketPipeReader
{
    ReadResult IValueTaskSource<ReadResult>.GetResult(short token)
    {
        bool canceled = _core.GetResult(token);
        lock (gate)
        {
            return new ReadResult(BufferedLocked(), canceled, isCompleted: _endOfStream && _error is null);
        }
    }

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    private void BeginWaitLocked(CancellationToken cancellationToken)
    {
        _waiting = true;
        _waitToken = cancellationToken;
        _core.Reset();
    }

    private ValueTask<ReadResult> WaitForReceive(CancellationToken cancellationToken, bool registerContinuation)
    {
        var pending = new ValueTask<ReadResult>(this, _core.Version);
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.UnsafeRegister(static state => ((SocketPipeReader)state!).OnWaitCanceled(), this);
            bool keep;
            lock (gate)
            {
                keep = _waiting && _waitToken == cancellationToken;
                if (keep)
                {
                    _waitRegistration = registration;
                }
            }

            if (!keep)
            {
                registration.Dispose();
            }
        }

        if (registerContinuation)
        {
            _receive.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReceived ??= OnReceiveCompleted);
        }

        return pending;
    }

    private void OnReceiveCompleted()
    {
        var receive = _receive;
        _receive = default;
        CompleteReceive(receive);
    }

    private void CompleteReceive(ValueTask<int> receive)
    {
        int received = 0;
        Exception? error = null;
        try
        {
            received = receive.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            error = e;
        }

        OnReceived(received, error);
    }

    /// <summary>Records a finished receive and, when a read waits for it, completes that read (outside the lock: its continuation runs inline).</summary>
    private void OnReceived(int received, Exception? error)
    {
        byte[]? release = null;
        bool complete = false;
        bool canceled = false;
        Exception? failure = null;
        CancellationTokenRegistration registration = default;
        lock (gate)
        {
            _receiving = false;
            if (error is not null)
            {
                _error = Wrap(error);
            }
            else if (received == 0)
            {
                _endOfStream = true;
            }
            else
            {
                _end += received;
                _examinedEverything = false;
            }

            if (_completed)
            {
                release = _buffer;
                _buffer = null;
            }
            else if (_waiting)
            {
                _waiting = false;
                complete = true;
                registration = TakeRegistrationLocked();
                if (_cancelRequested)
                {
                    _cancelRequested = false;
                    canceled = true;
                }
                else
                {
                    failure = _error;
                }
            }
        }

        if (release is not null)
        {
            ArrayPool<byte>.Shared.Return(release);
        }

        if (!complete)
        {
            return;
        }

        registration.Dispose();
        if (failure is not null)
        {
            _core.SetException(failure);
        }
        else
        {
            _core.SetResult(canceled);
        }
    }

    private void OnWaitCanceled()
    {
        CancellationToken token;
        lock (gate)
        {
            // A later read may be waiting with another token; only the canceled one's wait ends.
            if (!_waiting || !_waitToken.IsCancellationRequested)
            {
                return;
            }

            _waiting = false;
            token = _waitToken;
            _waitRegistration = default; // this callback is that registration; it needs no disposing
            _waitToken = default;
        }

        _core.SetException(new OperationCanceledException(token));
    }

    private CancellationTokenRegistration TakeRegistrationLocked()
    {
        var registration = _waitRegistration;
        _waitRegistration = default;
        _waitToken = default;
        return registration;
    }
}
