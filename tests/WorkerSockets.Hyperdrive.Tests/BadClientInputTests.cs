using System.Text;
using Npgsql;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>Bad input gets a FATAL ErrorResponse with the right SQLSTATE and a disconnect; a client in a transaction meanwhile notices nothing.</summary>
[Collection(OriginCollection.Name)]
public sealed class BadClientInputTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Garbage_instead_of_a_startup_message_is_a_protocol_violation()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using var client = await PgTestClient.ConnectAsync(server);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));

        var error = Assert.Single(await client.ReadToEndAsync());
        Assert.Equal(("08P01", "FATAL"), (error.SqlState, error.Severity));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_28P01()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using var client = await PgTestClient.ConnectAsync(server);
        var received = await client.LogInAsync(server.Credentials with { Password = "not the password" });

        Assert.Equal("28P01", received[^1].SqlState);
        Assert.Null(await client.ReadAsync());
    }

    [Fact]
    public async Task A_wrong_user_or_database_is_refused_by_npgsql_with_its_sqlstate()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        var wrongUser = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var c = new NpgsqlConnection(server.NpgsqlConnectionString("Pooling=false;Username=someone_else"));
            await c.OpenAsync();
        });
        var wrongDatabase = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var c = new NpgsqlConnection(server.NpgsqlConnectionString("Pooling=false;Database=other"));
            await c.OpenAsync();
        });

        Assert.Equal("28P01", wrongUser.SqlState);
        Assert.Equal("3D000", wrongDatabase.SqlState);
    }

    public static TheoryData<string, byte[]> BadMessagesAfterLogin => new()
    {
        { "unknown type", PgTestClient.Message('!', [1, 2, 3]) },
        { "password message after login", PgTestClient.Message('p', PgTestClient.CString("secret")) },
        { "length under 4", [(byte)'Q', 0, 0, 0, 2] },
        { "oversized", [(byte)'Q', 0x7f, 0xff, 0xff, 0xff] },
        { "Parse without terminator", PgTestClient.Message('P', Encoding.ASCII.GetBytes("no-nul")) },
        { "Describe of neither S nor P", PgTestClient.Message('D', [(byte)'X', 0]) },
    };

    [Theory]
    [MemberData(nameof(BadMessagesAfterLogin))]
    public async Task A_bad_message_after_login_ends_only_that_client(string what, byte[] message)
    {
        await using var server = await PoolerServer.StartAsync(origin, options => options.MaxConnections = 2);
        await using var bystander = await server.OpenClientAsync();
        await using var transaction = await bystander.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT 1", bystander, transaction).ExecuteNonQueryAsync();

        await using var client = await PgTestClient.ConnectAsync(server);
        Assert.Equal('Z', (await client.LogInAsync(server.Credentials))[^1].Type);
        await client.SendAsync(message);
        var received = await client.ReadToEndAsync();

        Assert.True(received.Count == 1 && received[0].SqlState == "08P01" && received[0].Severity == "FATAL", $"{what}: {string.Join(", ", received)}");
        Assert.Equal(2L, await new NpgsqlCommand("SELECT 2::bigint", bystander, transaction).ExecuteScalarAsync());
        await transaction.CommitAsync();

        // The pool takes the connection back just after the client has its answer.
        await TestTimeouts.EventuallyAsync(() => Task.FromResult(server.Pool.OriginConnectionCount == server.Pool.IdleOriginConnectionCount),
            "every origin connection is back in the pool");
    }

    [Fact]
    public async Task A_client_that_stops_mid_message_inside_a_transaction_leaves_no_lease()
    {
        await using var server = await PoolerServer.StartAsync(origin, options => options.MaxConnections = 1);
        await using (var client = await PgTestClient.ConnectAsync(server))
        {
            await client.LogInAsync(server.Credentials);
            await client.SendAsync(PgTestClient.Query("BEGIN"));
            Assert.Equal('T', (char)(await client.ReadUntilReadyAsync())[^1].Body[0]);
            await client.SendAsync(PgTestClient.Query("SELECT 1")[..7]);
        }

        await using var next = await server.OpenClientAsync();
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", next).ExecuteScalarAsync());
        Assert.Equal("idle", Assert.Single(await origin.OriginBackendStatesAsync()));
    }

    [Fact]
    public async Task Ssl_request_is_answered_N_and_the_cancel_request_closes()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using (var client = await PgTestClient.ConnectAsync(server))
        {
            await client.SendAsync([.. PgTestClient.Int32(8), .. PgTestClient.Int32(80877103)]);
            Assert.Equal('N', (await client.ReadAsync())!.Type);
            Assert.Equal('Z', (await client.LogInAsync(server.Credentials))[^1].Type);
        }

        await using var canceller = await PgTestClient.ConnectAsync(server);
        await canceller.SendAsync([.. PgTestClient.Int32(16), .. PgTestClient.Int32(80877102), .. PgTestClient.Int32(1), .. PgTestClient.Int32(2)]);
        Assert.Empty(await canceller.ReadToEndAsync());
    }
}
