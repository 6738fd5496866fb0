using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>
/// A lease ends at ReadyForQuery with status idle: the origin connection goes back to the pool before the client has
/// taken the reply, so a client that is slow to read (or a handler that, over inline pipes, builds and sends its whole
/// response before it reads on) does not keep an origin connection from everyone else.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class LeaseEndTests(OriginClusterFixture origin)
{
    // Every flush to this client waits until it reads: its session's last flush of a reply cannot complete meanwhile.
    private static readonly PipeOptions ReadsSlowly = new(pauseWriterThreshold: 1, resumeWriterThreshold: 1);

    [Fact]
    public async Task The_origin_connection_is_free_for_others_before_the_client_has_read_its_reply()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options =>
        {
            options.MaxConnections = 1;
            options.AcquireTimeout = TimeSpan.FromSeconds(20);
        }));
        await using var slow = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, ReadsSlowly, out var slowSession);
        Assert.Equal('Z', (await slow.LogInAsync(server.Credentials))[^1].Type);
        await slow.SendAsync(PgTestClient.Query("SELECT 'slow'")); // and reads nothing until the other client is served

        await using var other = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, out var otherSession);
        await other.LogInAsync(server.Credentials);
        await other.SendAsync(PgTestClient.Query("SELECT 'other'"));
        var served = await other.ReadUntilReadyAsync();
        var slowReply = await slow.ReadUntilReadyAsync();

        Assert.Equal("other", FirstValue(Assert.Single(served, m => m.Type == 'D')));
        Assert.Equal("slow", FirstValue(Assert.Single(slowReply, m => m.Type == 'D')));
        Assert.Equal((byte)'I', slowReply[^1].Body.Single());
        Assert.Equal(1, server.Pool.OriginConnectionCount);
        await slow.SendAsync(PgTestClient.Terminate);
        await other.SendAsync(PgTestClient.Terminate);
        await Task.WhenAll(slowSession, otherSession).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_query_sent_before_the_last_reply_was_read_is_answered_after_it_in_order()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var client = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, ReadsSlowly, out var session);
        await client.LogInAsync(server.Credentials);

        // The second query arrives while the first one's reply still waits in the session's last flush: its own reply
        // (a new lease) must come after all of the first, never interleaved with it.
        await client.SendAsync([.. PgTestClient.Query("SELECT 'first'"), .. PgTestClient.Query("SELECT 'second'")]);
        var first = await client.ReadUntilReadyAsync();
        var second = await client.ReadUntilReadyAsync();

        Assert.Equal("T, D, C, Z", string.Join(", ", first.Select(m => m.Type)));
        Assert.Equal("first", FirstValue(first[1]));
        Assert.Equal("T, D, C, Z", string.Join(", ", second.Select(m => m.Type)));
        Assert.Equal("second", FirstValue(second[1]));
        await client.SendAsync(PgTestClient.Terminate);
        await session.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_client_that_sends_Terminate_and_goes_away_without_reading_ends_its_session_and_leaves_the_connection_clean()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        var slow = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, ReadsSlowly, out var session);
        await slow.LogInAsync(server.Credentials);

        // The reply's last flush waits for a read that never comes; the Terminate behind it must wait for that flush,
        // and the client going away must release both.
        await slow.SendAsync([.. PgTestClient.Query("SELECT pg_backend_pid()"), .. PgTestClient.Terminate]);
        await slow.DisposeAsync();
        await session.WaitAsync(TimeSpan.FromSeconds(30));

        await using var next = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, out var nextSession);
        await next.LogInAsync(server.Credentials);
        await next.SendAsync(PgTestClient.Query("SELECT pg_backend_pid(), current_setting('transaction_isolation')"));
        var reply = await next.ReadUntilReadyAsync();
        await next.SendAsync(PgTestClient.Terminate);

        await nextSession.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("T, D, C, Z", string.Join(", ", reply.Select(m => m.Type)));
        Assert.Equal((byte)'I', reply[^1].Body.Single());
        Assert.Equal((1, 1), (server.Pool.OriginConnectionCount, server.Pool.IdleOriginConnectionCount));
    }

    private static string FirstValue(PgMessage dataRow)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(dataRow.Body.AsSpan(2));
        return Encoding.UTF8.GetString(dataRow.Body, 6, length);
    }
}
