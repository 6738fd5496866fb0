using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>
/// A TCP server on 127.0.0.1 that stays silent (or echoes, if asked) and counts its connections: how many are open now,
/// the most ever open at once, and each connection's end as the server saw it.
/// </summary>
public sealed class CountingBackendServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<Task> _ends = Channel.CreateUnbounded<Task>();
    private readonly bool _echo;
    private readonly Task _accepting;
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _openWaits = [];
    private int _open;
    private int _maxOpen;

    public CountingBackendServer(bool echo = false)
    {
        _echo = echo;
        _listener.Start(backlog: 1024);
        _accepting = AcceptAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Open => Volatile.Read(ref _open);

    public int MaxOpen => Volatile.Read(ref _maxOpen);

    /// <summary>
    /// Completes when the server has accepted enough connections that <paramref name="count"/> are open at once. A client's
    /// connect completes at the kernel's handshake, before the server's accept loop has counted it.
    /// </summary>
    public Task OpenReachedAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (Open >= count)
                reached.TrySetResult();
            else
                _openWaits.Add((count, reached));
        }

        return reached.Task.WaitAsync(TestTimeouts.Default);
    }

    /// <summary>Waits for the next accepted connection's end (peer closed or reset it).</summary>
    public async Task NextConnectionEndAsync()
    {
        var end = await _ends.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);
        await end.WaitAsync(TestTimeouts.Default);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stopping.Token);
                var open = Interlocked.Increment(ref _open);
                int max;
                while (open > (max = Volatile.Read(ref _maxOpen)) && Interlocked.CompareExchange(ref _maxOpen, open, max) != max)
                {
                }

                lock (_gate)
                {
                    foreach (var wait in _openWaits.Where(w => open >= w.Count))
                        wait.Reached.TrySetResult();
                    _openWaits.RemoveAll(w => w.Reached.Task.IsCompleted);
                }

                _ends.Writer.TryWrite(ServeAsync(client));
            }
        }
        catch (Exception e) when (_stopping.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping: the listener may be stopped before the canceled accept notices (then it says "Not listening").
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                    if (read == 0)
                        break;
                    if (_echo)
                        await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                // Reset by the worker's abort, or the server is stopping: either way the connection ended.
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.WaitAsync(TestTimeouts.Default);
        _stopping.Dispose();
    }
}
