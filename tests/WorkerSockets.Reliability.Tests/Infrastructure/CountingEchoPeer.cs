using System.Net;
using System.Net.Sockets;

namespace WorkerSockets.Reliability.Tests.Infrastructure;

/// <summary>
/// An echo server for long runs: keeps no per-connection state (so thousands of connections do not grow the test's own
/// heap), counts connections that ended, and lets a test wait until a number of them has ended.
/// </summary>
public sealed class CountingEchoPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;
    private int _ended;
    private (int Count, TaskCompletionSource Reached)? _waiter;

    public CountingEchoPeer()
    {
        _listener.Start(512);
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _acceptLoop = AcceptAsync();
    }

    public string Address { get; }

    public int Ended => Volatile.Read(ref _ended);

    /// <summary>Completes once <paramref name="count"/> connections in all have ended (the peer saw FIN or RST and closed its socket).</summary>
    public Task WaitForEndedAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_ended >= count)
                return Task.CompletedTask;
            _waiter = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            return _waiter.Value.Reached.Task.WaitAsync(timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = EchoAsync(socket);
        }
    }

    private async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token)) > 0)
                await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset (an aborted, leaked socket) ends the connection as well as a FIN does.
        }
        finally
        {
            socket.Dispose();
            lock (_gate)
            {
                _ended++;
                if (_waiter is { } waiter && _ended >= waiter.Count)
                {
                    waiter.Reached.TrySetResult();
                    _waiter = null;
                }
            }
        }
    }
}
