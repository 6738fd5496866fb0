// Retries and reconnects: locals reassigned, sockets replaced, null-known paths.
using System;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Retries;

sealed class Reconnecting
{
    public async Task<string> WithRetry(string host, int attempts)
    {
        for (var i = 0; i < attempts; i++)
        {
            var s = Sockets.Connect(host, 5432);
            try
            {
                var info = await s.Opened;
                return info.RemoteAddress ?? "";
            }
            catch (SocketPolicyException)
            {
                throw;
            }
            catch (Exception) when (i < attempts - 1)
            {
            }
            finally
            {
                await s.CloseAsync();
            }
        }

        return "";
    }

    public async Task Replace(string host)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        await s.Opened;
        s = Sockets.Connect(host, 5433);
        await s.CloseAsync();
    }

    public async Task ReplaceAfterClose(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.CloseAsync();
        s = Sockets.Connect(host, 5433);
        await s.CloseAsync();
    }

    public async Task MaybeConnect(string host, bool skip)
    {
        WorkerSocket? s = skip ? null : Sockets.Connect(host, 5432);
        if (s is null)
        {
            return;
        }

        await s.Opened;
        await s.CloseAsync();
    }

    public async Task MaybeClose(string host, bool skip)
    {
        WorkerSocket? tls = skip ? null : Sockets.Connect(host, 5432);
        if (tls is not null)
        {
            await tls.CloseAsync();
        }
        else
        {
            Console.WriteLine("skipped");
        }
    }

    public async Task MaybeForgotten(string host, bool skip)
    {
        WorkerSocket? s = skip ? null : Sockets.Connect(host, 5432); // expect: WSK007
        if (s != null)
        {
            await s.Opened;
        }
    }

    public async Task<WorkerSocket> ConnectWithBackoff(string host)
    {
        var delay = 10;
        while (true)
        {
            var s = Sockets.Connect(host, 5432);
            try
            {
                await s.Opened;
                return s;
            }
            catch (Exception)
            {
                await s.CloseAsync();
                await Task.Delay(delay);
                delay *= 2;
            }
        }
    }

    public async Task ClosedInOneBranch(string host, bool quick)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        if (quick)
        {
            await s.CloseAsync();
        }
    }

    public async Task ConditionalDispose(string host, bool quick)
    {
        var s = Sockets.Connect(host, 5432);
        if (quick)
        {
            await s.CloseAsync();
            return;
        }

        await s.Opened;
        await s.DisposeAsync();
    }

    public async Task Hyperdrive(Hyperdrive db)
    {
        var s = db.Connect(); // expect: WSK007
        await s.Opened;
    }

    public async Task HyperdriveClosed(Hyperdrive db)
    {
        await using var s = db.Connect();
        await s.Opened;
    }
}
