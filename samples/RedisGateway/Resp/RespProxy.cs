using System.Buffers;
using System.IO.Pipelines;
using WorkerSockets;

namespace RedisGateway.Resp;

/// <summary>
/// One client's session: commands flow client → backend through <see cref="RequestForwarder"/>, replies flow back through
/// <see cref="ReplyScanner"/>, each side writing the peer's original bytes in one piece and flushing once per read, so a
/// pipelined batch costs one write and one flush each way.
/// </summary>
internal sealed class RespProxy(WorkerSocket client, WorkerSocket backend)
{
    private readonly Refusals _refusals = new();
    private volatile bool _stopping;

    /// <summary>Runs until the client leaves, the backend ends, or a protocol error has been answered.</summary>
    public async Task RunAsync()
    {
        var replies = PumpRepliesAsync();
        var requests = ForwardRequestsAsync();
        var first = await Task.WhenAny(requests, replies);
        if (first == replies)
        {
            // The backend is gone (or QUIT or a protocol error was answered): nothing more to serve.
            _stopping = true;
            client.Readable.CancelPendingRead();
        }
        else if (!requests.IsCompletedSuccessfully || !requests.Result)
        {
            // The client left: replies have nobody to go to.
            _stopping = true;
            backend.Readable.CancelPendingRead();
        }

        // After a protocol error the reply pump answers it in order, then ends.
        await Task.WhenAll(requests, replies);
    }

    /// <summary>Forwards commands until the client ends; true when it stopped at a protocol error whose answer is queued.</summary>
    private async Task<bool> ForwardRequestsAsync()
    {
        var forwarder = new RequestForwarder(_refusals);
        var input = client.Readable;
        var output = backend.Writable;
        while (!_stopping)
        {
            var result = await input.ReadAsync();
            if (result.IsCanceled)
                return false;

            var consumed = forwarder.Forward(result.Buffer, output);
            input.AdvanceTo(consumed, result.Buffer.End);
            await output.FlushAsync();
            if (forwarder.Failed)
            {
                if (forwarder.MidCommand)
                    await output.CompleteAsync(); // half a command must never run: the backend ends, and so do its replies
                return true;
            }

            if (result.IsCompleted)
                return false;
        }

        return false;
    }

    private async Task PumpRepliesAsync()
    {
        var scanner = new ReplyScanner();
        var input = backend.Readable;
        var output = client.Writable;
        long replyIndex = 0;
        var dropping = false; // the current reply answers a placeholder: the client gets its refusal instead
        while (!_stopping)
        {
            var result = await input.ReadAsync();
            if (result.IsCanceled)
                return;

            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            var copyFrom = reader.Position;
            while (true)
            {
                if (!scanner.InReply && _refusals.TryPeek(out var next) && next.Index == replyIndex)
                {
                    Copy(buffer.Slice(copyFrom, reader.Position), output);
                    copyFrom = reader.Position;
                    if (!next.PlaceholderSent)
                    {
                        // A protocol error in the middle of a command: answered once every earlier reply is out.
                        output.Write(next.Reply);
                        await output.FlushAsync();
                        return;
                    }

                    dropping = true;
                }

                if (!scanner.TryEndReply(ref reader))
                    break;

                if (dropping)
                {
                    _refusals.TryTake(replyIndex, out var refusal);
                    output.Write(refusal.Reply);
                    dropping = false;
                    if (refusal.CloseAfter)
                    {
                        await output.FlushAsync();
                        return;
                    }

                    copyFrom = reader.Position; // the placeholder's reply is not the client's
                }

                // A forwarded reply stays in the run from copyFrom: the backend's bytes go out in one copy per read,
                // cut only where a refusal takes a reply's place.
                replyIndex++;
            }

            if (!dropping)
                Copy(buffer.Slice(copyFrom, reader.Position), output);
            input.AdvanceTo(reader.Position, buffer.End);
            await output.FlushAsync();
            if (result.IsCompleted)
            {
                // The backend ended; a protocol error that cut a command in half is still owed to the client.
                if (_refusals.TryPeek(out var owed) && owed.CloseAfter)
                {
                    output.Write(owed.Reply);
                    await output.FlushAsync();
                }

                return;
            }
        }
    }

    private static void Copy(ReadOnlySequence<byte> bytes, PipeWriter output)
    {
        foreach (var segment in bytes)
            output.Write(segment.Span);
    }
}
