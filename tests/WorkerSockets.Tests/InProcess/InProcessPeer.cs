using System.Buffers;
using System.IO.Pipelines;

namespace WorkerSockets.Tests.InProcess;

/// <summary>An in-process destination for tests: serves each connection with a delegate and records what happened.</summary>
internal sealed class InProcessPeer(Func<IDuplexPipe, CancellationToken, Task> serve) : IInProcessDestination
{
    private readonly TaskCompletionSource<CancellationToken> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    /// <summary>Sends back every byte until the handler ends its side, then ends its own.</summary>
    public static InProcessPeer Echo() => new(static async (connection, _) =>
    {
        while (true)
        {
            var result = await connection.Input.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                await connection.Output.WriteAsync(segment);
            }

            connection.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    });

    /// <summary>Reads everything until the handler's end (ignoring cancellation, so nothing written before a close is lost).</summary>
    public static InProcessPeer Sink(TaskCompletionSource<byte[]> received) => new(async (connection, _) =>
    {
        var all = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var result = await connection.Input.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    all.Write(segment.Span);
                }

                connection.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    received.TrySetResult(all.WrittenSpan.ToArray());
                    return;
                }
            }
        }
        catch (Exception e)
        {
            received.TrySetException(e);
        }
    });

    /// <summary>How many connections it has been asked to serve.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Completes with the first connection's cancellation token once it is being served.</summary>
    public Task<CancellationToken> FirstConnection => _connected.Task;

    public Task ServeAsync(IDuplexPipe connection, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        _connected.TrySetResult(cancellationToken);
        return serve(connection, cancellationToken);
    }
}
