// Leaks that look closed and closes that look like leaks (WSK007), as found in real handlers.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WorkerSockets;

namespace Corpus.Leaks;

sealed class Probe(ILogger logger)
{
    public async Task LoggedButNotClosed(string host)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        logger.LogInformation("Opened {Socket} to {Host}", s, host);
        await s.Opened;
    }

    public async Task LoggedAndClosed(string host)
    {
        var s = Sockets.Connect(host, 5432);
        logger.LogInformation("Opened {Socket}", s);
        Console.WriteLine("{0} {1}", s, host);
        await s.CloseAsync();
    }

    public async Task CompletesPipesOnly(string host)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        await s.Writable.CompleteAsync();
        await s.Readable.CompleteAsync();
    }

    public async Task ClosedInContinuation(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened.ContinueWith(_ => s.CloseAsync()).Unwrap();
    }

    public async Task ClosedOnEveryCase(string host, int kind)
    {
        var s = Sockets.Connect(host, 5432);
        switch (kind)
        {
            case 0:
                await s.CloseAsync();
                break;
            case 1:
                await s.Opened;
                goto default;
            default:
                await s.DisposeAsync();
                break;
        }
    }

    public async Task MissingDefault(string host, int kind)
    {
        var s = Sockets.Connect(host, 5432); // expect: WSK007
        switch (kind)
        {
            case 0:
                await s.CloseAsync();
                break;
            case 1:
                await s.DisposeAsync();
                break;
        }
    }

    public IEnumerable<WorkerSocket> Yielded(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            yield return Sockets.Connect(host, 5432);
        }
    }

    public ValueTask<WorkerSocket> AsValueTask(string host) => new(Sockets.Connect(host, 5432));

    public async Task WaitUntilHelper(string host, WorkerContext ctx)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened;
        ctx.WaitUntil(Shutdown(s));
    }

    public async Task ClosedInCatchAndAfter(string host)
    {
        var s = Sockets.Connect(host, 5432);
        try
        {
            await s.Opened;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "open failed");
            await s.CloseAsync();
            return;
        }

        await s.CloseAsync();
    }

    public async Task BestEffortClose(string host)
    {
        var s = Sockets.Connect(host, 5432);
        await s.Opened;
        try
        {
            await s.CloseAsync();
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "close failed");
        }
    }

    public async Task WhileLoopCloses(string host)
    {
        var s = Sockets.Connect(host, 5432);
        var n = 0;
        while (n < 3)
        {
            n++;
            await s.Writable.FlushAsync();
        }

        await s.CloseAsync();
    }

    private static async Task Shutdown(WorkerSocket s)
    {
        await s.Writable.CompleteAsync();
        await s.CloseAsync();
    }
}
