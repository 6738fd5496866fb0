// Correct but unusual code (tuples, ConfigureAwait on await using, async iterators, multi-resource usings), and the
// look-alike bugs next to it.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Unusual;

static class Shapes
{
    public static async Task Deconstructed(string host)
    {
        var (read, write) = (Sockets.Connect(host, 7001), Sockets.Connect(host, 7002));
        await Task.WhenAll(read.Opened, write.Opened);
        await read.CloseAsync();
        await write.CloseAsync();
    }

    public static async Task DeconstructedOneLeaks(string host)
    {
        var (read, write) = (Sockets.Connect(host, 7001), Sockets.Connect(host, 7002)); // expect: WSK007
        await Task.WhenAll(read.Opened, write.Opened);
        await read.CloseAsync();
    }

    public static (WorkerSocket Socket, string Name) Named(string host) => (Sockets.Connect(host, 7001), host);

    public static async Task LibraryStyleUsing(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await using (s.ConfigureAwait(false))
        {
            await s.Opened.ConfigureAwait(false);
        }
    }

    public static async Task LibraryStyleUsingDeclaration(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await using var _ = s.ConfigureAwait(false);
        await s.Opened.ConfigureAwait(false);
    }

    public static async Task TwoResources(string host)
    {
        await using (WorkerSocket a = Sockets.Connect(host, 7001), b = Sockets.Connect(host, 7002))
        {
            await Task.WhenAll(a.Opened, b.Opened);
        }
    }

    public static async Task DeclaredThenAssigned(string host)
    {
        WorkerSocket s;
        s = Sockets.Connect(host, 7001);
        await s.Opened;
        await s.CloseAsync();
    }

    public static async IAsyncEnumerable<int> Stream(string host, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var s = Sockets.Connect(host, 9000);
        while (!ct.IsCancellationRequested)
        {
            var read = await s.Readable.ReadAsync(ct);
            if (read.IsCompleted)
            {
                yield break;
            }

            yield return (int)read.Buffer.Length;
            s.Readable.AdvanceTo(read.Buffer.End);
        }
    }

    public static async Task TernaryUsing(string host, bool secure)
    {
        await using var s = secure
            ? Sockets.Connect(host, 6380, new SocketOptions { SecureTransport = SecureTransport.On })
            : Sockets.Connect(host, 6379);
        await s.Opened;
    }

    public static async Task AnonymousHolder(string host)
    {
        var holder = new { Socket = Sockets.Connect(host, 7001), Host = host };
        await holder.Socket.CloseAsync();
    }

    public static async Task<WorkerSocket> FromResult(string host) => await Task.FromResult(Sockets.Connect(host, 7001));

    public static void ForEachDrops(List<WorkerSocket> sockets)
    {
        sockets.ForEach(s => s.CloseAsync()); // expect: WSK002
    }

    public static void ForEachAsyncLambda(List<WorkerSocket> sockets, WorkerContext ctx)
    {
        sockets.ForEach(s => ctx.WaitUntil(s.CloseAsync()));
    }

    public static void ConditionalDrop(WorkerSocket? s)
    {
        if (s != null)
        {
            s.CloseAsync(); // expect: WSK002
        }
    }

    public static void NullConditionalDrop(WorkerSocket? s)
    {
        s?.DisposeAsync(); // expect: WSK002
    }

    public static Task CloseBoth(WorkerSocket a, WorkerSocket b) => Task.WhenAll(a.CloseAsync(), b.CloseAsync());

    public static async Task IsPatternClose(string host)
    {
        object o = Sockets.Connect(host, 7001);
        if (o is WorkerSocket s)
        {
            await s.CloseAsync();
        }
    }

    public static async Task ReassignedLeaksFirst(string primary, string fallback)
    {
        var s = Sockets.Connect(primary, 5432); // expect: WSK007
        if ((await s.Opened).RemoteAddress is null)
        {
            s = Sockets.Connect(fallback, 5432);
        }

        await s.CloseAsync();
    }

    public static async Task ReassignedAfterClose(string primary, string fallback)
    {
        var s = Sockets.Connect(primary, 5432);
        await s.CloseAsync();
        s = Sockets.Connect(fallback, 5432);
        await s.CloseAsync();
    }

    public static async Task PassedStraightToBorrower(string host)
    {
        await Ping(Sockets.Connect(host, 6379)); // expect: WSK007
    }

    public static async Task PassedStraightToCloser(string host)
    {
        await PingAndClose(Sockets.Connect(host, 6379));
    }

    public static async Task OpenedOnly(string host)
    {
        await Sockets.Connect(host, 6379).Opened; // expect: WSK007
    }

    private static async Task Ping(WorkerSocket s) => await s.Writable.WriteAsync(new byte[] { 1 });

    private static async Task PingAndClose(WorkerSocket s)
    {
        await Ping(s);
        await s.CloseAsync();
    }
}
