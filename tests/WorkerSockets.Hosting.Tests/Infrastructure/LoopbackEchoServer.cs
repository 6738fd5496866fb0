using System.Net;
using System.Net.Sockets;

namespace WorkerSockets.Hosting.Tests.Infrastructure;

/// <summary>A TCP server on 127.0.0.1 that sends every byte it receives straight back, until the peer closes.</summary>
public sealed class LoopbackEchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public LoopbackEchoServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary><c>127.0.0.1:port</c>, the form <see cref="Sockets.Connect(string, SocketOptions?)"/> takes.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                connections.Add(EchoAsync(client));
            }
        }
        catch (Exception e) when (_stopping.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping: an accept that starts after the listener stopped says "Not listening" before it looks at the token.
        }

        await Task.WhenAll(connections);
    }

    private async Task EchoAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await stream.CopyToAsync(stream, _stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // The worker aborted the socket, or the server is stopping.
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
