using Npgsql;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

[Collection(OriginCollection.Name)]
public sealed class PoolTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Origin_connections_open_lazily_and_never_exceed_the_maximum()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options =>
        {
            options.MaxConnections = 2;
            options.AcquireTimeout = TimeSpan.FromMilliseconds(300);
        }));
        Assert.Equal(0, server.Pool.OriginConnectionCount);

        var holders = new List<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)>();
        for (int i = 0; i < 2; i++)
        {
            var connection = await server.OpenClientAsync();
            var transaction = await connection.BeginTransactionAsync();
            await new NpgsqlCommand("SELECT 1", connection, transaction).ExecuteNonQueryAsync();
            holders.Add((connection, transaction));
        }

        await using var third = await server.OpenClientAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("SELECT 1", third).ExecuteScalarAsync());

        Assert.Equal("53300", refused.SqlState);
        Assert.Contains("no origin connection became free", refused.MessageText);
        Assert.Equal(2, (await origin.OriginBackendStatesAsync()).Length);
        foreach (var (connection, transaction) in holders)
        {
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        }

        await using var fourth = await server.OpenClientAsync();
        Assert.Equal(4, await new NpgsqlCommand("SELECT 4", fourth).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Sequential_transactions_and_clients_reuse_one_warm_origin_connection()
    {
        // One connection at most, so a transaction waits for the last one's connection instead of racing its return.
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        var backends = new List<object?>();
        for (int client = 0; client < 3; client++)
        {
            await using var connection = await server.OpenClientAsync();
            for (int transaction = 0; transaction < 3; transaction++)
            {
                backends.Add(await new NpgsqlCommand("SELECT pg_backend_pid()", connection).ExecuteScalarAsync());
            }
        }

        // A connection that went back clean is used again, never dropped as if the origin had closed it.
        Assert.Single(backends.Distinct());
        Assert.Equal(1, server.Pool.OriginConnectionCount);
    }

    [Fact]
    public async Task A_wake_up_left_on_an_idle_connection_is_not_taken_for_the_origin_closing_it()
    {
        // A client session may wake its pump (CancelPendingRead) just after the pump gave the connection back; the
        // next lease must still find that connection usable rather than drop it and log in anew.
        await using var pool = new WorkerSockets.Hosting.Hyperdrive.Origin.OriginPool(
            WorkerSockets.Hosting.Hyperdrive.Origin.OriginSettings.Parse(origin.OriginConnectionString),
            origin.OriginTls,
            new HyperdrivePoolOptions(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var first = await pool.AcquireAsync(CancellationToken.None);
        await pool.ReturnAsync(first, reusable: true);
        first.Reader.CancelPendingRead();

        var second = await pool.AcquireAsync(CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(1, pool.OpenCount);
        await pool.ReturnAsync(second, reusable: true);
    }

    [Fact]
    public async Task A_waiter_past_the_timeout_gets_an_error_then_ready_and_stays_connected()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options =>
        {
            options.MaxConnections = 1;
            options.AcquireTimeout = TimeSpan.FromMilliseconds(300);
        }));
        await using var holder = await server.OpenClientAsync();
        var transaction = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT 1", holder, transaction).ExecuteNonQueryAsync();

        await using var client = await PgTestClient.ConnectAsync(server);
        await client.LogInAsync(server.Credentials);
        byte[] extended = [.. PgTestClient.Parse("", "SELECT 1"), .. PgTestClient.Bind("", ""), .. PgTestClient.Execute(""), .. PgTestClient.Sync];
        await client.SendAsync(extended);
        var refused = await client.ReadUntilReadyAsync();
        await transaction.CommitAsync();
        await client.SendAsync(extended);
        var served = await client.ReadUntilReadyAsync();

        Assert.Equal("E 53300, Z", string.Join(", ", refused.Select(m => m.Type == 'E' ? "E " + m.SqlState : m.Type.ToString())));
        Assert.Equal("1, 2, D, C, Z", string.Join(", ", served.Select(m => m.Type)));
    }

    [Fact]
    public async Task A_waiter_is_served_when_a_transaction_ends()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var holder = await server.OpenClientAsync();
        var transaction = await holder.BeginTransactionAsync();
        var holderBackend = await new NpgsqlCommand("SELECT pg_backend_pid()", holder, transaction).ExecuteScalarAsync();

        await using var waiter = await server.OpenClientAsync();
        var waiting = new NpgsqlCommand("SELECT pg_backend_pid()", waiter).ExecuteScalarAsync();
        await transaction.CommitAsync();

        Assert.Equal(holderBackend, await waiting.WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Idle_origin_connections_close_after_the_idle_timeout()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.IdleTimeout = TimeSpan.FromMilliseconds(200)));
        await using var client = await server.OpenClientAsync();
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", client).ExecuteScalarAsync());

        await TestTimeouts.EventuallyAsync(async () => server.Pool.OriginConnectionCount == 0 && (await origin.OriginBackendStatesAsync()).Length == 0,
            "the idle origin connection closed");

        // The client itself is still logged in, and the next transaction opens a new origin connection.
        Assert.Equal(2, await new NpgsqlCommand("SELECT 2", client).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_broken_idle_connection_is_replaced()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var client = await server.OpenClientAsync();
        var before = (int)(await new NpgsqlCommand("SELECT pg_backend_pid()", client).ExecuteScalarAsync())!;

        Assert.Equal("t", await origin.QueryAsSuperuserAsync($"SELECT pg_terminate_backend({before}, 5000)"));
        var after = (int)(await new NpgsqlCommand("SELECT pg_backend_pid()", client).ExecuteScalarAsync())!;

        Assert.NotEqual(before, after);
        Assert.Equal(1, server.Pool.OriginConnectionCount);
    }

    [Fact]
    public async Task An_unreachable_origin_is_an_error_response_not_a_hang()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(), originConnectionString: $"postgres://nobody:pw@127.0.0.1:{ClosedPort()}/db?sslmode=disable");
        await using var connection = new NpgsqlConnection(server.NpgsqlConnectionString("Pooling=false"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal("08001", error.SqlState);
        Assert.Contains("could not connect to the origin database", error.MessageText);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
