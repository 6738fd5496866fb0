using System.IO.Pipelines;

namespace WorkerSockets.Hosting.Hyperdrive.Origin;

/// <summary>
/// The reader scheduler of an origin connection's incoming pipe. It resumes the pump inline when the connection's
/// receive loop wakes it with bytes it just read, as a driver reading
/// its own socket would go on: no thread-pool hop per origin reply (P7). Any other wake-up (a client's reader calling
/// <c>CancelPendingRead</c>, possibly under its session's lock) still goes to the thread pool. The pump never waits
/// synchronously, so the loop gets its thread back at the pump's next read.
/// </summary>
internal sealed class ReceiveLoopScheduler : PipeScheduler
{
    private int _flushingThread = -1;

    /// <summary>The receive loop is about to flush what it read: wake-ups on this thread until <see cref="Exit"/> run inline.</summary>
    public void Enter() => Volatile.Write(ref _flushingThread, Environment.CurrentManagedThreadId);

    /// <summary>The flush returned.</summary>
    public void Exit() => Volatile.Write(ref _flushingThread, -1);

    public override void Schedule(Action<object?> action, object? state)
    {
        if (Volatile.Read(ref _flushingThread) == Environment.CurrentManagedThreadId)
        {
            action(state);
        }
        else
        {
            ThreadPool.Schedule(action, state);
        }
    }
}
