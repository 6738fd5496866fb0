using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace WorkerSockets.Tests.Peers;

/// <summary>A TCP listener on 127.0.0.1 that runs one handler per accepted connection, for tests that need a real peer.</summary>
public class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<Socket, CancellationToken, Task> _handle;
    private readonly List<Task> _connections = [];
    private readonly Channel<Socket> _accepted = Channel.CreateUnbounded<Socket>();
    private readonly Task _acceptLoop;

    /// <summary>Starts listening; <paramref name="handle"/> serves each connection and owns the socket until it returns.</summary>
    public LoopbackServer(Func<Socket, CancellationToken, Task> handle)
    {
        _handle = handle;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The port to connect to on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Waits for the next accepted connection.</summary>
    public async Task<Socket> NextAcceptedAsync(TimeSpan timeout)
        => await _accepted.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    /// <summary>Stops listening and waits (bounded) for the connection handlers to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        try
        {
            await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Handlers end by cancellation or by the client going away; that is how a test tears down.
        }

        GC.SuppressFinalize(this);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
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

            _accepted.Writer.TryWrite(socket);
            lock (_connections)
            {
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await _handle(socket, _stopping.Token);
        }
        finally
        {
            socket.Dispose();
        }
    }
}
