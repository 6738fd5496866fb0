using System.IO.Pipelines;
using System.Net.Sockets;

namespace WorkerSockets.Internal;

/// <summary>
/// A connection to an <see cref="IInProcessDestination"/>: two in-memory pipes, one each way, and the destination serving
/// its end on the thread pool. Nothing crosses a network, so there is no socket, no local address and no TLS.
/// </summary>
internal sealed class InProcessTransport : SocketTransport
{
    // The execution context of a thread nobody set anything on: no request scope, no Activity, no logging scope.
    private static readonly Lazy<ExecutionContext> Clean = new(CaptureClean);

    // Back-pressure as a socket buffer gives: a writer that runs ahead of its reader waits. Inline schedulers hand a flushed
    // message to the other side's waiting read on the flushing thread: one thread-pool hop fewer each way per message
    // (P7). Each side's async methods still resume in their own execution context, so no request state crosses.
    private static readonly PipeOptions Options = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false);

    private readonly Pipe _toDestination;
    private readonly Pipe _fromDestination;
    private readonly IInProcessDestination _destination;
    private readonly string _address;
    private readonly CancellationTokenSource _lifetime = new();

    private InProcessTransport(Pipe toDestination, Pipe fromDestination, IInProcessDestination destination, string address)
        : base(fromDestination.Reader, toDestination.Writer)
    {
        _toDestination = toDestination;
        _fromDestination = fromDestination;
        _destination = destination;
        _address = address;
    }

    public override string? LocalAddress => null;

    /// <summary>Opens a connection to <paramref name="destination"/> and starts serving it.</summary>
    /// <param name="destination">The in-process service.</param>
    /// <param name="address">The address the handler gave, for error messages.</param>
    public static InProcessTransport Start(IInProcessDestination destination, string address)
    {
        var transport = new InProcessTransport(new Pipe(Options), new Pipe(Options), destination, address);
        // The destination belongs to the host, not to the request: it runs in a clean execution context, so the request's
        // scope (and any other ambient state) does not flow into it, nor into anything it awaits. It starts on this
        // thread, up to its first wait for the handler's bytes, instead of being queued: one thread-pool hop fewer on
        // the way to its first answer (P7). Run restores the request's context when the destination first waits.
        ExecutionContext.Run(Clean.Value, static state => _ = ((InProcessTransport)state!).ServeAsync(), transport);
        return transport;
    }

    private static ExecutionContext CaptureClean()
    {
        // A thread started without flowing the caller's context has none of its own: what it captures is the default.
        ExecutionContext? clean = null;
        var thread = new Thread(() => clean = ExecutionContext.Capture()) { IsBackground = true, Name = "WorkerSockets clean context" };
        thread.UnsafeStart();
        thread.Join();
        return clean ?? throw new InvalidOperationException("A new thread had no execution context to capture.");
    }

    /// <summary>The handler ended its side: the destination reads the end of its input.</summary>
    public override Task ShutdownSendAsync() => _toDestination.Writer.CompleteAsync().AsTask();

    /// <summary>
    /// Ends the handler's side. A clean close is only the end of the destination's input, as a FIN is: it still reads
    /// everything written before it (a PostgreSQL Terminate, say) and ends in its own time. An abort fails the input and
    /// cancels the destination, as a reset does.
    /// </summary>
    public override void Dispose(bool abortive)
    {
        if (!abortive)
        {
            _toDestination.Writer.Complete();
            return;
        }

        _toDestination.Writer.Complete(new IOException(InProcessErrors.Aborted(_address)));
        _lifetime.Cancel();
    }

    /// <summary>Nothing to upgrade: the destination speaks no TLS, and there is no socket to hand over.</summary>
    public override Socket Detach()
    {
        Dispose(abortive: true);
        throw new IOException(InProcessErrors.NoTls(_address));
    }

    private async Task ServeAsync()
    {
        var connection = new DuplexPipe(_toDestination.Reader, _fromDestination.Writer);
        Exception? failure = null;
        try
        {
            await _destination.ServeAsync(connection, _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The socket is gone; nobody reads the outcome.
        }
        catch (Exception e)
        {
            // Reaches the handler as a broken connection, as a reset would.
            failure = new IOException(InProcessErrors.DestinationFailed(_address), e);
        }

        await _fromDestination.Writer.CompleteAsync(failure).ConfigureAwait(false);
        await _toDestination.Reader.CompleteAsync().ConfigureAwait(false);
        // _lifetime is not disposed: Dispose may still cancel it, and a source without a timer holds nothing to free.
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
