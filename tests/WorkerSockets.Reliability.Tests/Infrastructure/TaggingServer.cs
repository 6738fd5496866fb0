using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WorkerSockets.Reliability.Tests.Infrastructure;

/// <summary>
/// Counts, per request, how many connections are open at once, as the server sees them. Each connection first sends its
/// request id and a newline; the server holds every connection of a request until more than six are open at once (the
/// limit broken) or the hold bound, counted from that request's first connection, has passed — so whatever the runtime
/// lets through in that time is seen open together, and a limit of five or seven shows as a maximum other than six.
/// Then it waits for the client's FIN, counts the connection closed, and only then ends its own side, so the client
/// cannot free its slot before the server has counted the close.
/// </summary>
public sealed class TaggingServer : IAsyncDisposable
{
    /// <summary>The platform's limit of open sockets per request.</summary>
    public const int Limit = 6;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Tally> _tallies = new();
    private readonly Task _acceptLoop;
    private readonly TimeSpan _holdBound;

    public TaggingServer(TimeSpan holdBound)
    {
        _holdBound = holdBound;
        _listener.Start(4096);
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _acceptLoop = AcceptAsync();
    }

    public string Address { get; }

    /// <summary>The most connections each request had open at once, by request id.</summary>
    public IReadOnlyDictionary<string, int> MaxOpenByRequest => _tallies.ToDictionary(t => t.Key, t => t.Value.Max);

    /// <summary>Connections seen per request id.</summary>
    public IReadOnlyDictionary<string, int> ConnectionsByRequest => _tallies.ToDictionary(t => t.Key, t => t.Value.Total);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
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

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        Tally? tally = null;
        try
        {
            var id = await ReadLineAsync(socket);
            if (id is null)
                return;
            tally = _tallies.GetOrAdd(id, _ => new Tally(_holdBound));
            tally.Opened();
            var remaining = tally.HoldUntil - TimeProvider.System.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                // Completes early only when the limit is broken; otherwise the bound passing is the normal way out.
                await Task.WhenAny(tally.OverLimit.Task, Task.Delay(remaining, _stopping.Token));
                _stopping.Token.ThrowIfCancellationRequested();
            }

            await socket.SendAsync("k"u8.ToArray(), SocketFlags.None, _stopping.Token);
            var rest = new byte[64];
            while (await socket.ReceiveAsync(rest, SocketFlags.None, _stopping.Token) > 0)
            {
            }

            tally.Closed();
            tally = null;
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            tally?.Closed();
            socket.Dispose();
        }
    }

    private async Task<string?> ReadLineAsync(Socket socket)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await socket.ReceiveAsync(one, SocketFlags.None, _stopping.Token) == 1)
        {
            if (one[0] == (byte)'\n')
                return line.ToString();
            line.Append((char)one[0]);
        }

        return null;
    }

    private sealed class Tally(TimeSpan holdBound)
    {
        private readonly Lock _gate = new();
        private int _open;

        public DateTimeOffset HoldUntil { get; } = TimeProvider.System.GetUtcNow() + holdBound;

        public int Max { get; private set; }

        public int Total { get; private set; }

        public TaskCompletionSource OverLimit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Opened()
        {
            lock (_gate)
            {
                _open++;
                Total++;
                Max = Math.Max(Max, _open);
                if (_open > Limit)
                    OverLimit.TrySetResult();
            }
        }

        public void Closed()
        {
            lock (_gate)
                _open--;
        }
    }
}
