// A socket disposed by its using scope must not be handed to the caller: it arrives closed (WSK007).
using System.Collections.Generic;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.DisposedReturns;

static class Factories
{
    public static async Task<WorkerSocket> ReturnsDisposed(string host)
    {
        await using var s = Sockets.Connect(host, 5432); // expect: WSK007
        await s.Opened;
        return s;
    }

    public static async Task<WorkerSocket> ReturnsFromUsingStatement(string host)
    {
        await using (var s = Sockets.Connect(host, 5432)) // expect: WSK007
        {
            await s.Opened;
            return s;
        }
    }

    public static async Task<WorkerSocket> ReturnsFromUsingOnLocal(string host)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        await using (s)
        {
            await s.Opened;
        }

        return s;
    }

    public static async Task<WorkerSocket> ReturnsOnFailureOnly(string host, bool fallback)
    {
        if (fallback)
        {
            return Sockets.Connect(host, 5433);
        }

        await using var probe = Sockets.Connect(host, 5432);
        await probe.Opened;
        return Sockets.Connect(host, 5432);
    }

    public static async Task<SocketInfo> ReturnsInfoNotSocket(string host)
    {
        await using var s = Sockets.Connect(host, 5432);
        return await s.Opened;
    }

    public static async Task<WorkerSocket> ReturnsUndisposed(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened;
        return s;
    }

    public static async IAsyncEnumerable<WorkerSocket> Lends(string host)
    {
        await using var s = Sockets.Connect(host, 5432);
        yield return s;
    }

    public static async Task<WorkerSocket> ReturnsEither(string host, bool reuse, WorkerSocket existing)
    {
        await using var s = Sockets.Connect(host, 5432); // expect: WSK007
        await s.Opened;
        return reuse ? existing : s;
    }

    public static async Task<bool> ReturnsCheck(string host)
    {
        await using var s = Sockets.Connect(host, 5432);
        return s is not null && !s.Upgraded;
    }
}
