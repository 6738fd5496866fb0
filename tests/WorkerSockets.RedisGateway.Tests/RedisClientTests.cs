using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace WorkerSockets.RedisGateway.Tests;

/// <summary>The gateway driven by StackExchange.Redis, a client nobody here wrote.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RedisClientTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Ping_is_answered_by_the_backend_through_the_gateway()
    {
        await using var redis = await Clients.ConnectAsync(fixture);

        var pong = await redis.GetDatabase().ExecuteAsync("PING");

        Assert.Equal("PONG", pong.ToString());
    }

    [Fact]
    public async Task Set_then_get_round_trips_a_value()
    {
        await using var redis = await Clients.ConnectAsync(fixture);
        var db = redis.GetDatabase();
        var key = Key();

        Assert.True(await db.StringSetAsync(key, "héllo wörld"));

        Assert.Equal("héllo wörld", (string?)await db.StringGetAsync(key));
    }

    [Fact]
    public async Task Mget_returns_every_value_in_order_with_nil_for_a_missing_key()
    {
        await using var redis = await Clients.ConnectAsync(fixture);
        var db = redis.GetDatabase();
        RedisKey[] keys = [Key(), Key(), Key()];
        await db.StringSetAsync(keys[0], "a");
        await db.StringSetAsync(keys[2], "c");

        var values = await db.StringGetAsync(keys);

        Assert.Equal(["a", null, "c"], values.Select(v => (string?)v));
    }

    [Fact]
    public async Task A_pipelined_batch_is_answered_in_order()
    {
        await using var redis = await Clients.ConnectAsync(fixture);
        var db = redis.GetDatabase();
        var counter = Key();
        var batch = db.CreateBatch();
        var increments = Enumerable.Range(0, 500).Select(_ => batch.StringIncrementAsync(counter)).ToArray();
        var sets = Enumerable.Range(0, 500).Select(i => batch.StringSetAsync($"{counter}:{i}", i)).ToArray();
        var gets = Enumerable.Range(0, 500).Select(i => batch.StringGetAsync($"{counter}:{i}")).ToArray();

        batch.Execute();
        var counts = await Task.WhenAll(increments).WaitAsync(Clients.Timeout);
        await Task.WhenAll(sets).WaitAsync(Clients.Timeout);
        var values = await Task.WhenAll(gets).WaitAsync(Clients.Timeout);

        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), counts);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (int?)i), values.Select(v => (int?)v));
    }

    [Theory]
    [InlineData("FLUSHALL")]
    [InlineData("KEYS", "*")]
    [InlineData("CONFIG", "GET", "maxmemory")]
    public async Task A_command_off_the_allow_list_is_refused_with_a_RESP_error_and_runs_nowhere(string command, params string[] args)
    {
        await using var redis = await Clients.ConnectAsync(fixture);
        var db = redis.GetDatabase();
        var key = Key();
        await db.StringSetAsync(key, "kept");

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync(command, args));

        Assert.Equal($"ERR command '{command}' is not allowed by this gateway; see docs/inbound-tcp.md for the allow-list", refused.Message);
        Assert.Equal("kept", (string?)await db.StringGetAsync(key)); // FLUSHALL did not reach the backend
        Assert.Equal("PONG", (await db.ExecuteAsync("PING")).ToString()); // and the connection goes on
    }

    [Fact]
    public async Task A_refused_command_inside_a_pipeline_keeps_every_other_reply_in_place()
    {
        await using var redis = await Clients.ConnectAsync(fixture);
        var db = redis.GetDatabase();
        var key = Key();
        var batch = db.CreateBatch();
        var set = batch.StringSetAsync(key, "1");
        var refused = batch.ExecuteAsync("FLUSHDB");
        var get = batch.StringGetAsync(key);

        batch.Execute();

        Assert.True(await set);
        await Assert.ThrowsAsync<RedisServerException>(() => refused);
        Assert.Equal("1", (string?)await get);
    }

    [Fact]
    public async Task The_backend_connection_is_closed_when_the_clients_scope_ends()
    {
        var before = fixture.Relay.Total;
        var redis = await Clients.ConnectAsync(fixture);
        await redis.GetDatabase().StringSetAsync(Key(), "x");
        Assert.True(fixture.Relay.Total > before);

        await redis.DisposeAsync();

        await fixture.Relay.WaitUntilAllClosedAsync(Clients.Timeout);
        Assert.Equal(0, fixture.Relay.Open);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_command_ends_its_backend_connection_and_nothing_is_written()
    {
        var key = Key();
        using (var raw = await Clients.ConnectRawAsync(fixture))
        {
            // A SET whose value never arrives whole.
            await raw.SendAsync(Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n${key.Length}\r\n{key}\r\n$10\r\nabc"), SocketFlags.None);
            raw.LingerState = new LingerOption(true, 0); // a reset, as a crashed client's kernel sends
        }

        await fixture.Relay.WaitUntilAllClosedAsync(Clients.Timeout);
        await using var redis = await Clients.ConnectAsync(fixture);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(key));
    }

    [Fact]
    public async Task Malformed_input_gets_Redis_protocol_error_after_the_replies_it_owes_and_the_connection_ends()
    {
        using var raw = await Clients.ConnectRawAsync(fixture);

        await raw.SendAsync("*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n"u8.ToArray(), SocketFlags.None);

        Assert.Equal("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n", await Clients.ReadToEndAsync(raw));
    }

    [Fact]
    public async Task Inline_commands_are_forwarded_and_refused_like_arrays()
    {
        using var raw = await Clients.ConnectRawAsync(fixture);

        await raw.SendAsync("PING\r\nECHO hi\r\nFLUSHALL\r\n*1\r\n$4\r\nQUIT\r\n"u8.ToArray(), SocketFlags.None);

        Assert.Equal(
            "+PONG\r\n$2\r\nhi\r\n-ERR command 'FLUSHALL' is not allowed by this gateway; see docs/inbound-tcp.md for the allow-list\r\n+OK\r\n",
            await Clients.ReadToEndAsync(raw));
    }

    private static string Key() => "test:" + Guid.NewGuid().ToString("N");
}
