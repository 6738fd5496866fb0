using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace WorkerSockets.Internal;

// Sending: a flush's sends, the wait when the socket cannot take the bytes yet, and that wait's cancellation.
internal sealed partial class SocketPipeWriter
{
    /// <summary>Sends <see cref="_unsent"/> until it is gone or a send has to wait (then the flush completes through <see cref="_wait"/>).</summary>
    private ValueTask<FlushResult> Send(CancellationToken cancellationToken)
    {
        while (true)
        {
            ValueTask<int> send;
            try
            {
                send = socket.SendAsync(_unsent, SocketFlags.None, CancellationToken.None);
            }
            catch (Exception e)
            {
                return FromFailure(e);
            }

            if (!send.IsCompleted)
            {
                bool canceled;
                lock (gate)
                {
                    canceled = _cancelRequested;
                    _cancelRequested = false;
                    if (canceled)
                    {
                        _wait ??= new FlushWait(this);
                    }
                    else
                    {
                        BeginWaitLocked(cancellationToken);
                    }
                }

                _wait!.Send = send;
                if (!canceled)
                {
                    return WaitForSend(cancellationToken, registerContinuation: true);
                }

                // CancelPendingFlush came while the send was being started: this flush ends now, the send runs on.
                send.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_wait.OnSent);
                return new(new FlushResult(isCanceled: true, isCompleted: false));
            }

            int sent;
            try
            {
                sent = send.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                return FromFailure(e);
            }

            _unsent = _unsent[sent..];
            if (!_unsent.IsEmpty)
            {
                continue;
            }

            ReturnSending();
            return default;
        }
    }

    private ValueTask<FlushResult> FromFailure(Exception error)
    {
        var failure = RecordFailure(error);
        return ValueTask.FromException<FlushResult>(failure);
    }

    private Exception RecordFailure(Exception error)
    {
        var failure = Wrap(error);
        lock (gate)
        {
            _error = failure;
        }

        ReturnSending();
        return failure;
    }

    private void ReturnSending()
    {
        byte[]? sent;
        lock (gate)
        {
            sent = _sending;
            _sending = null;
            _unsent = default;
        }

        if (sent is not null)
        {
            ArrayPool<byte>.Shared.Return(sent);
        }
    }

    private void BeginWaitLocked(CancellationToken cancellationToken)
    {
        _waiting = true;
        _wait ??= new FlushWait(this);
        _wait.Token = cancellationToken;
        _wait.Core.Reset();
    }

    private ValueTask<FlushResult> WaitForSend(CancellationToken cancellationToken, bool registerContinuation)
    {
        var wait = _wait!;
        var pending = new ValueTask<FlushResult>(wait, wait.Core.Version);
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.UnsafeRegister(static state => ((SocketPipeWriter)state!).OnWaitCanceled(), this);
            bool keep;
            lock (gate)
            {
                keep = _waiting && wait.Token == cancellationToken;
                if (keep)
                {
                    wait.Registration = registration;
                }
            }

            if (!keep)
            {
                registration.Dispose();
            }
        }

        if (registerContinuation)
        {
            wait.Send.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(wait.OnSent);
        }

        return pending;
    }

    /// <summary>A send that had to wait finished: send the rest, then what a waiting flush added, then complete that flush.</summary>
    private void OnSendCompleted()
    {
        var wait = _wait!;
        var send = wait.Send;
        wait.Send = default;
        while (true)
        {
            Exception? failure = null;
            try
            {
                _unsent = _unsent[send.GetAwaiter().GetResult()..];
            }
            catch (Exception e)
            {
                failure = RecordFailure(e);
            }

            if (failure is null && _unsent.IsEmpty)
            {
                ReturnSending();
                lock (gate)
                {
                    // A flush that joined after a cancel also wants what the handler wrote meanwhile.
                    if (_waiting && _buffered > 0 && !_completed)
                    {
                        TakeBufferForSendLocked();
                    }
                }
            }

            if (failure is null && !_unsent.IsEmpty)
            {
                try
                {
                    send = socket.SendAsync(_unsent, SocketFlags.None, CancellationToken.None);
                }
                catch (Exception e)
                {
                    failure = RecordFailure(e);
                }

                if (failure is null)
                {
                    if (!send.IsCompleted)
                    {
                        wait.Send = send;
                        send.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(wait.OnSent);
                        return;
                    }

                    continue;
                }
            }

            CompleteWaiter(failure);
            return;
        }
    }

    private void CompleteWaiter(Exception? failure)
    {
        CancellationTokenRegistration registration;
        lock (gate)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
            registration = TakeRegistrationLocked();
        }

        registration.Dispose();
        if (failure is not null)
        {
            _wait!.Core.SetException(failure);
        }
        else
        {
            _wait!.Core.SetResult(default);
        }
    }

    private void OnWaitCanceled()
    {
        CancellationToken token;
        lock (gate)
        {
            if (!_waiting || !_wait!.Token.IsCancellationRequested)
            {
                return;
            }

            _waiting = false;
            token = _wait.Token;
            _wait.Registration = default; // this callback is that registration; it needs no disposing
            _wait.Token = default;
        }

        _wait.Core.SetException(new OperationCanceledException(token));
    }

    private CancellationTokenRegistration TakeRegistrationLocked()
    {
        var registration = _wait!.Registration;
        _wait.Registration = default;
        _wait.Token = default;
        return registration;
    }

    /// <summary>What a flush that has to wait needs: the completion it returns, the send it waits on, and its cancellation.</summary>
    private sealed class FlushWait(SocketPipeWriter writer) : IValueTaskSource<FlushResult>
    {
        public ManualResetValueTaskSourceCore<FlushResult> Core;
        public ValueTask<int> Send;
        public CancellationToken Token;
        public CancellationTokenRegistration Registration;
        public readonly Action OnSent = writer.OnSendCompleted;

        FlushResult IValueTaskSource<FlushResult>.GetResult(short token) => Core.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<FlushResult>.GetStatus(short token) => Core.GetStatus(token);

        void IValueTaskSource<FlushResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => Core.OnCompleted(continuation, state, token, flags);
    }
}
