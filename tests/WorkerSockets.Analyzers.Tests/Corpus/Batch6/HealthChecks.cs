// Batch 6: a status page that checks several backends in one request — sequential, parallel, bounded.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.HealthChecks;

public sealed record Backend(string Name, string Address);

public static class Probe
{
    // Closes what it is given: takes ownership.
    public static async Task<bool> CheckAndCloseAsync(WorkerSocket socket)
    {
        try
        {
            await socket.Opened;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            await socket.CloseAsync();
        }
    }

    public static async Task<bool> IsUpAsync(string address)
    {
        await using var socket = Sockets.Connect(address);
        try
        {
            await socket.Opened;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}

public static class StatusPage
{
    // Seven fixed backends, each checked and closed before the next: at most one open.
    public static async Task<int> SequentialAsync()
    {
        var up = 0;
        var db = Sockets.Connect("db.internal:5432");
        if (await Probe.CheckAndCloseAsync(db)) up++;
        var cache = Sockets.Connect("cache.internal:6379");
        if (await Probe.CheckAndCloseAsync(cache)) up++;
        var queue = Sockets.Connect("queue.internal:5672");
        if (await Probe.CheckAndCloseAsync(queue)) up++;
        var search = Sockets.Connect("search.internal:9200");
        if (await Probe.CheckAndCloseAsync(search)) up++;
        var mail = Sockets.Connect("mail.internal:587");
        if (await Probe.CheckAndCloseAsync(mail)) up++;
        var ldap = Sockets.Connect("ldap.internal:389");
        if (await Probe.CheckAndCloseAsync(ldap)) up++;
        var mqtt = Sockets.Connect("mqtt.internal:1883");
        if (await Probe.CheckAndCloseAsync(mqtt)) up++;
        return up;
    }

    // Seven opened up front "to check them in parallel", closed afterwards: the seventh waits for a slot forever.
    public static async Task<bool[]> AllAtOnceAsync()
    {
        await using var db = Sockets.Connect("db.internal:5432");
        await using var cache = Sockets.Connect("cache.internal:6379");
        await using var queue = Sockets.Connect("queue.internal:5672");
        await using var search = Sockets.Connect("search.internal:9200");
        await using var mail = Sockets.Connect("mail.internal:587");
        await using var ldap = Sockets.Connect("ldap.internal:389");
        await using var mqtt = Sockets.Connect("mqtt.internal:1883"); // expect: WSK008
        return await Task.WhenAll(Opened(db), Opened(cache), Opened(queue), Opened(search), Opened(mail), Opened(ldap), Opened(mqtt));
    }

    private static async Task<bool> Opened(WorkerSocket socket)
    {
        try
        {
            await socket.Opened;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    // From a list, with LINQ: each lambda opens and closes its own socket (left to the loop/lambda check: quiet).
    public static Task<bool[]> FromListAsync(IEnumerable<Backend> backends) =>
        Task.WhenAll(backends.Select(b => Probe.IsUpAsync(b.Address)));

    // From a list, keeping every socket in a dictionary for a second round.
    public static async Task<Dictionary<string, bool>> KeepForSecondRoundAsync(IReadOnlyList<Backend> backends)
    {
        var open = new Dictionary<string, WorkerSocket>();
        foreach (var backend in backends)
        {
            open[backend.Name] = Sockets.Connect(backend.Address); // expect: WSK008
        }

        var result = new Dictionary<string, bool>();
        foreach (var (name, socket) in open)
        {
            result[name] = await Opened(socket);
            await socket.CloseAsync();
        }

        return result;
    }

    // Bounded with a semaphore: each probe opens and closes inside the lambda.
    public static async Task<bool[]> BoundedAsync(IReadOnlyList<Backend> backends)
    {
        using var gate = new SemaphoreSlim(6);
        var checks = backends.Select(async backend =>
        {
            await gate.WaitAsync();
            try
            {
                return await Probe.IsUpAsync(backend.Address);
            }
            finally
            {
                gate.Release();
            }
        });
        return await Task.WhenAll(checks);
    }

    // Router: one backend per route. Seven exclusive arms, one socket each.
    public static async Task<bool> RouteAsync(string service)
    {
        switch (service)
        {
            case "db": { await using var s = Sockets.Connect("db.internal:5432"); return await Opened(s); }
            case "cache": { await using var s = Sockets.Connect("cache.internal:6379"); return await Opened(s); }
            case "queue": { await using var s = Sockets.Connect("queue.internal:5672"); return await Opened(s); }
            case "search": { await using var s = Sockets.Connect("search.internal:9200"); return await Opened(s); }
            case "mail": { await using var s = Sockets.Connect("mail.internal:587"); return await Opened(s); }
            case "ldap": { await using var s = Sockets.Connect("ldap.internal:389"); return await Opened(s); }
            case "mqtt": { await using var s = Sockets.Connect("mqtt.internal:1883"); return await Opened(s); }
            default: return false;
        }
    }

    // The last healthy backend is kept for use after the loop; the previous one is dropped without a close.
    public static async Task<WorkerSocket?> PickHealthyAsync(IReadOnlyList<Backend> backends)
    {
        WorkerSocket? chosen = null;
        foreach (var backend in backends)
        {
            // Both pages name this copy shape; the finding is the connect whose socket is kept (WSK008) and leaked (WSK007).
            var candidate = Sockets.Connect(backend.Address); // expect: WSK007, WSK008
            if (!await Opened(candidate))
            {
                await candidate.CloseAsync();
                continue;
            }

            chosen = candidate;
        }

        return chosen;
    }

    // First healthy wins: break on success, close on failure.
    public static async Task<WorkerSocket?> FirstHealthyAsync(IReadOnlyList<Backend> backends)
    {
        foreach (var backend in backends)
        {
            var candidate = Sockets.Connect(backend.Address);
            if (await Opened(candidate))
            {
                return candidate;
            }

            await candidate.CloseAsync();
        }

        return null;
    }
}
