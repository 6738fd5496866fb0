using System.Net;
using System.Net.Sockets;

namespace WorkerSockets.Benchmarks.Infrastructure;

/// <summary>A listener on 127.0.0.1 with an accept loop; each accepted connection goes to <see cref="Accepted"/>.</summary>
public abstract class LoopbackListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private Task _acceptLoop = Task.CompletedTask;

    protected LoopbackListener()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary><c>127.0.0.1:port</c>, as <see cref="Sockets.Connect(string, SocketOptions?)"/> takes it.</summary>
    public string Address => $"127.0.0.1:{EndPoint.Port}";

    /// <summary>Canceled when the listener is disposed; connections end their work with it.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Starts accepting; called by the derived constructor once its own fields are set.</summary>
    protected void Start() => _acceptLoop = AcceptLoopAsync();

    /// <summary>Takes one accepted connection; must not block the accept loop.</summary>
    protected abstract void Accepted(Socket client);

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Accepted(client);
        }
    }
}
