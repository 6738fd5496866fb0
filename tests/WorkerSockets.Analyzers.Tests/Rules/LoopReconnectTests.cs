using Verify = WorkerSockets.Analyzers.Tests.Verifiers.AnalyzerVerifier<WorkerSockets.Analyzers.Rules.TooManyOpenSocketsAnalyzer>;

namespace WorkerSockets.Analyzers.Tests.Rules;

/// <summary>
/// WSK008 on a connect in a loop whose socket goes into a local declared outside the loop: retry and reconnect loops
/// hold one socket at a time when every path back round to the connect releases the previous one or leaves the loop.
/// </summary>
public class LoopReconnectTests
{
    private const string Handshake = """
        async Task<bool> TryHandshakeAsync(WorkerSocket socket) { var info = await socket.Opened; return info.RemoteAddress.Length > 0; }
        async Task ShutdownAsync(WorkerSocket socket) => await socket.CloseAsync();
        """;

    [Theory]
    // Retry: the previous attempt is closed at the loop top, a successful attempt breaks out.
    [InlineData("""
        WorkerSocket? s = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (s is not null) await s.CloseAsync();
            s = Sockets.Connect(host);
            try { await s.Opened; break; } catch (Exception) { }
        }
        if (s is not null) await s.CloseAsync();
        """)]
    // Handshake loop: a failed attempt is closed before the next; the good one is used after the loop.
    [InlineData(Handshake + """
        WorkerSocket s;
        while (true)
        {
            s = Sockets.Connect(host);
            if (await TryHandshakeAsync(s)) break;
            await s.CloseAsync();
        }
        await s.CloseAsync();
        """)]
    // Reconnect per shard: the previous shard's socket is closed at the top of the next pass.
    [InlineData("""
        WorkerSocket? s = null;
        foreach (var shard in new[] { "a:1", "b:2", "c:3" })
        {
            if (s != null) { await s.CloseAsync(); }
            s = Sockets.Connect(shard);
            await s.Opened;
        }
        if (s is not null) await s.DisposeAsync();
        """)]
    // The loop never comes round: it breaks right after the assignment.
    [InlineData("""
        WorkerSocket? s = null;
        foreach (var h in new[] { "a:1", "b:2" }) { s = Sockets.Connect(h); break; }
        if (s is not null) await s.CloseAsync();
        """)]
    // The failed attempt is closed in the catch; the finally-free success path returns.
    [InlineData("""
        WorkerSocket s;
        for (var i = 0; ; i++)
        {
            s = Sockets.Connect(host);
            try { await s.Opened; break; } catch (Exception) when (i < 3) { await s.CloseAsync(); }
        }
        await s.CloseAsync();
        """)]
    // Released by 'await using (s)' and by a helper that takes ownership (closes its parameter).
    [InlineData("""
        WorkerSocket s;
        for (var i = 0; i < 3; i++) { s = Sockets.Connect(host); await using (s) { await s.Opened; } }
        """)]
    [InlineData(Handshake + """
        WorkerSocket? s = null;
        for (var i = 0; i < 3; i++) { if (s is not null) await ShutdownAsync(s); s = Sockets.Connect(host); }
        if (s is not null) await ShutdownAsync(s);
        """)]
    // A loop that only runs while the local is null stores one socket and stops.
    [InlineData("""WorkerSocket? last = null; while (last is null) { last = Sockets.Connect("db:5432"); } await last.CloseAsync();""")]
    // A retry loop inside a loop over shards: each shard's socket is closed before the next shard's retries start.
    [InlineData("""
        WorkerSocket? s = null;
        foreach (var shard in new[] { "a:1", "b:2" })
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                s = Sockets.Connect(shard);
                try { await s.Opened; break; } catch (Exception) { await s.CloseAsync(); }
            }
            await s!.Opened;
            await s.CloseAsync();
        }
        """)]
    public Task Loops_that_release_the_previous_socket_or_leave_are_quiet(string body) => Verify.VerifyBodyAsync(body);

    [Theory]
    // The retry without closing the failed attempt: a caught failure comes round to the connect with it still held.
    [InlineData("""
        WorkerSocket? s = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            s = {|WSK008:Sockets.Connect(host)|};
            try { await s.Opened; break; } catch (Exception) { }
        }
        if (s is not null) await s.CloseAsync();
        """)]
    [InlineData(Handshake + """
        WorkerSocket s;
        while (true)
        {
            s = {|WSK008:Sockets.Connect(host)|};
            if (await TryHandshakeAsync(s)) break;
        }
        await s.CloseAsync();
        """)]
    // The close runs on some passes only.
    [InlineData("""
        WorkerSocket? s = null;
        for (var i = 0; i < 10; i++)
        {
            if (s is not null && i % 2 == 0) await s.CloseAsync();
            s = {|WSK008:Sockets.Connect(host)|};
        }
        """)]
    [InlineData("""
        WorkerSocket s;
        for (var i = 0; ; i++)
        {
            s = {|WSK008:Sockets.Connect(host)|};
            try { await s.Opened; break; } catch (Exception) when (i < 3) { if (i == 1) await s.CloseAsync(); }
        }
        await s.CloseAsync();
        """)]
    // Reconnect per shard with no close: every shard's socket stays open.
    [InlineData("""
        WorkerSocket? s = null;
        foreach (var shard in new[] { "a:1", "b:2", "c:3" }) { s = {|WSK008:Sockets.Connect(shard)|}; await s.Opened; }
        if (s is not null) await s.DisposeAsync();
        """)]
    // Dropping the reference does not close the socket.
    [InlineData("""
        WorkerSocket? s = null;
        for (var i = 0; i < 3; i++) { s = {|WSK008:Sockets.Connect(host)|}; await s.Opened; s = null; }
        """)]
    // A lambda's loop is judged on the lambda's own graph.
    [InlineData("""
        ctx.WaitUntil(Task.Run(async () =>
        {
            WorkerSocket? s = null;
            for (var i = 0; i < 3; i++) { s = {|WSK008:Sockets.Connect(host)|}; await s.Opened; }
            if (s is not null) await s.CloseAsync();
        }));
        """)]
    // Leaving the inner retry loop is not enough when the loop over shards brings it back with the socket open.
    [InlineData("""
        WorkerSocket? s = null;
        foreach (var shard in new[] { "a:1", "b:2" })
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                s = {|WSK008:Sockets.Connect(shard)|};
                try { await s.Opened; break; } catch (Exception) { await s.CloseAsync(); }
            }
            await s!.Opened;
        }
        if (s is not null) await s.CloseAsync();
        """)]
    // A copy into an outer variable that nothing closes before the next pass.
    [InlineData("""
        WorkerSocket? last = null;
        for (var i = 0; i < 3; i++) { var s = {|WSK008:Sockets.Connect(host)|}; await s.Opened; last = s; }
        if (last is not null) await last.CloseAsync();
        """)]
    public Task Loops_that_come_round_with_the_socket_open_are_reported(string body) => Verify.VerifyBodyAsync(body);
}
