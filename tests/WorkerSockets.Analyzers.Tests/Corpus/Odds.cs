// Odds and ends: local functions handed to background work, options written in unusual ways, sync entry points.
using System.Collections.Concurrent;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Odds;

static class Queues
{
    public static readonly ConcurrentQueue<WorkerSocket> Parked = new();

    public static void Park(string host) => Parked.Enqueue(Sockets.Connect(host, 5432)); // expect: WSK003
}

static class Odds
{
    public static async Task LocalFunctionInBackground(string host)
    {
        var s = Sockets.Connect(host, 5432);
        _ = Task.Run(Pump); // expect: WSK003
        await s.Opened;

        async Task Pump() => await s.Writable.FlushAsync();
    }

    public static async Task LocalFunctionAwaited(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await Task.Run(Pump);

        async Task Pump()
        {
            await s.Writable.FlushAsync();
            await s.CloseAsync();
        }
    }

    public static async Task ParenthesisedOptions(string host)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions() { SecureTransport = SecureTransport.StartTls });
        await using var tls = plain.StartTls();
        await tls.Opened;
    }

    public static async Task TypedTargetOptionsOn(string host)
    {
        SocketOptions options = new() { SecureTransport = SecureTransport.On };
        var plain = Sockets.Connect(host, 465, options);
        await using var tls = plain.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static void Main(string[] args)
    {
        var s = Sockets.Connect(args[0], 5432);
        s.Opened.Wait(); // expect: WSK009
        s.CloseAsync().Wait(); // expect: WSK009
    }

    public static async Task ElseBranchNull(string host, bool tls)
    {
        WorkerSocket? secure = tls ? Sockets.Connect(host, 6380, new SocketOptions { SecureTransport = SecureTransport.On }) : null;
        if (secure is not null)
        {
            await secure.CloseAsync();
        }
        else
        {
            await using var plain = Sockets.Connect(host, 6379);
            await plain.Opened;
        }
    }
}
