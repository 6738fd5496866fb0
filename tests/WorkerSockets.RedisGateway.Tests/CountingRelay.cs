using System.Net;
using System.Net.Sockets;

namespace WorkerSockets.RedisGateway.Tests;

/// <summary>
/// A TCP relay between the gateway and its backend that counts the gateway's backend connections: open now, the most
/// ever open, and in total; a test waits on <see cref="WaitUntilAllClosedAsync"/> instead of sleeping.
/// </summary>
public sealed class CountingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _backend;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly object _gate = new();
    private int _open;
    private int _maxOpen;
    private int _total;
    private int _connectFailures;
    private TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CountingRelay(string backendAddress)
    {
        var parts = backendAddress.Split(':');
        _backend = new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        _listener.Start(backlog: 4096);
        _allClosed.SetResult();
        _accepting = AcceptAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Open { get { lock (_gate) return _open; } }

    public int MaxOpen { get { lock (_gate) return _maxOpen; } }

    public int Total { get { lock (_gate) return _total; } }

    /// <summary>Relayed connections whose backend refused the relay's own connect (the gateway then saw its backend end).</summary>
    public int ConnectFailures => Volatile.Read(ref _connectFailures);

    /// <summary>Completes once no relayed connection is open.</summary>
    public Task WaitUntilAllClosedAsync(TimeSpan timeout)
    {
        lock (_gate)
            return _allClosed.Task.WaitAsync(timeout);
    }

    private async Task AcceptAsync()
    {
        var relays = new List<Task>();
        try
        {
            while (true)
            {
                var inbound = await _listener.AcceptSocketAsync(_stopping.Token);
                lock (_gate)
                {
                    if (_open++ == 0)
                        _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    _maxOpen = Math.Max(_maxOpen, _open);
                    _total++;
                }

                relays.Add(RelayAsync(inbound));
            }
        }
        catch (Exception e) when (_stopping.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping: the listener may be stopped before the canceled accept notices (then it says "Not listening").
        }

        await Task.WhenAll(relays);
    }

    private async Task RelayAsync(Socket inbound)
    {
        using var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (inbound)
            {
                inbound.NoDelay = true;
                try
                {
                    await outbound.ConnectAsync(_backend, _stopping.Token);
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref _connectFailures);
                    throw;
                }

                // Either direction ending ends the relay: the gateway's close (or abort) is what is being counted.
                await Task.WhenAny(CopyAsync(inbound, outbound), CopyAsync(outbound, inbound));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            lock (_gate)
            {
                if (--_open == 0)
                    _allClosed.TrySetResult();
            }
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                    return;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.WaitAsync(TimeSpan.FromSeconds(30));
        _stopping.Dispose();
    }
}
