using System.Buffers.Binary;
using System.Data;
using System.Text;
using Npgsql;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>
/// CancelRequest in transaction mode: a client's synthetic key names its session, and the pool cancels the query that
/// session runs on its origin connection now, and nothing else.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class CancelRequestTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Npgsql_cancellation_token_cancels_the_running_query_and_the_origin_connection_serves_the_next_client()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var dataSource = NpgsqlDataSource.Create(server.NpgsqlConnectionString());
        await using var connection = await dataSource.OpenConnectionAsync();
        var originPid = await new NpgsqlCommand("SELECT pg_backend_pid()", connection).ExecuteScalarAsync();

        await using var command = new NpgsqlCommand("SELECT pg_sleep(30) /* cancel-by-token */", connection);
        using var cancellation = new CancellationTokenSource();
        var running = command.ExecuteNonQueryAsync(cancellation.Token);
        await WaitUntilActiveAsync("cancel-by-token");
        await cancellation.CancelAsync();

        // 57014 comes only from the origin backend: the cancel reached it, Npgsql did not just give up waiting.
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(PostgresErrorCodes.QueryCanceled, Assert.IsType<PostgresException>(cancelled.InnerException).SqlState);

        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", connection).ExecuteScalarAsync());
        await using var next = await server.OpenClientAsync();
        Assert.Equal(originPid, await new NpgsqlCommand("SELECT pg_backend_pid()", next).ExecuteScalarAsync());
        Assert.Equal("idle", Assert.Single(await origin.OriginBackendStatesAsync()));
    }

    [Fact]
    public async Task Npgsql_command_timeout_cancels_the_query_and_keeps_the_connection()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var dataSource = NpgsqlDataSource.Create(server.NpgsqlConnectionString());
        await using var connection = await dataSource.OpenConnectionAsync();

        await using var command = new NpgsqlCommand("SELECT pg_sleep(30) /* cancel-by-timeout */", connection) { CommandTimeout = 1 };
        var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteNonQueryAsync());
        Assert.IsType<TimeoutException>(failure.InnerException);

        // Npgsql keeps the connection only when the query ended after its cancel (within CancellationTimeout);
        // when the cancel goes nowhere it gives up waiting and breaks the connection.
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(7, await new NpgsqlCommand("SELECT 7", connection).ExecuteScalarAsync());
        Assert.Equal("idle", Assert.Single(await origin.OriginBackendStatesAsync()));
    }

    [Fact]
    public async Task A_wrong_secret_cancels_nothing_and_the_right_one_cancels_over_either_transport()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var client = await PgTestClient.ConnectAsync(server);
        var (processId, secret) = KeyOf(await client.LogInAsync(server.Credentials));

        await client.SendAsync(PgTestClient.Query("SELECT 42 FROM pg_sleep(2) /* wrong-secret */"));
        await WaitUntilActiveAsync("wrong-secret");
        await using (var canceller = await PgTestClient.ConnectAsync(server))
        {
            Assert.Empty(await SendCancelAsync(canceller, processId, secret ^ 1));
        }

        var completed = await client.ReadUntilReadyAsync();
        Assert.DoesNotContain(completed, message => message.Type == 'E');
        Assert.Equal("42", TextOf(Assert.Single(completed, message => message.Type == 'D')));

        await client.SendAsync(PgTestClient.Query("SELECT pg_sleep(30) /* right-secret-tcp */"));
        await WaitUntilActiveAsync("right-secret-tcp");
        await using (var canceller = await PgTestClient.ConnectAsync(server))
        {
            Assert.Empty(await SendCancelAsync(canceller, processId, secret));
        }

        Assert.Equal("57014", Assert.Single(await client.ReadUntilReadyAsync(), message => message.Type == 'E').SqlState);

        await client.SendAsync(PgTestClient.Query("SELECT pg_sleep(30) /* right-secret-in-process */"));
        await WaitUntilActiveAsync("right-secret-in-process");
        await using (var canceller = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, out var session))
        {
            Assert.Empty(await SendCancelAsync(canceller, processId, secret));
            await session;
        }

        Assert.Equal("57014", Assert.Single(await client.ReadUntilReadyAsync(), message => message.Type == 'E').SqlState);
    }

    [Fact]
    public async Task Cancelling_an_idle_session_leaves_another_sessions_query_on_the_same_origin_connection_alone()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var idle = await PgTestClient.ConnectAsync(server);
        var (processId, secret) = KeyOf(await idle.LogInAsync(server.Credentials));
        await idle.SendAsync(PgTestClient.Query("SELECT pg_backend_pid()"));
        var idleOriginPid = TextOf(Assert.Single(await idle.ReadUntilReadyAsync(), message => message.Type == 'D'));

        await using var busy = await server.OpenClientAsync();
        Assert.Equal(idleOriginPid, (await new NpgsqlCommand("SELECT pg_backend_pid()", busy).ExecuteScalarAsync())!.ToString());
        var running = new NpgsqlCommand("SELECT 42 FROM pg_sleep(2) /* idle-cancel */", busy).ExecuteScalarAsync();
        await WaitUntilActiveAsync("idle-cancel");
        await using (var canceller = await PgTestClient.ConnectAsync(server))
        {
            Assert.Empty(await SendCancelAsync(canceller, processId, secret));
        }

        Assert.Equal(42, await running);

        // The key was right all along: once its own session runs a query, the same cancel stops it.
        await idle.SendAsync(PgTestClient.Query("SELECT pg_sleep(30) /* idle-then-busy */"));
        await WaitUntilActiveAsync("idle-then-busy");
        await using (var canceller = await PgTestClient.ConnectAsync(server))
        {
            Assert.Empty(await SendCancelAsync(canceller, processId, secret));
        }

        Assert.Equal("57014", Assert.Single(await idle.ReadUntilReadyAsync(), message => message.Type == 'E').SqlState);
    }

    [Fact]
    public async Task Cancels_fired_at_some_sessions_under_load_never_reach_the_others_sharing_their_origin_connections()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 2));
        var victims = new List<(PgTestClient Client, int ProcessId, int Secret)>();
        for (int i = 0; i < 3; i++)
        {
            var client = await PgTestClient.ConnectAsync(server);
            var (processId, secret) = KeyOf(await client.LogInAsync(server.Credentials));
            victims.Add((client, processId, secret));
        }

        var bystanders = new List<NpgsqlConnection>();
        for (int i = 0; i < 3; i++)
        {
            bystanders.Add(await server.OpenClientAsync());
        }

        try
        {
            using var done = new CancellationTokenSource();
            var victimErrors = victims.Select(async victim =>
            {
                var errors = new List<string>();
                while (!done.IsCancellationRequested)
                {
                    await victim.Client.SendAsync(PgTestClient.Query("SELECT pg_sleep(0.02)"));
                    errors.AddRange((await victim.Client.ReadUntilReadyAsync()).Where(m => m.Type == 'E').Select(m => m.SqlState));
                }

                return errors;
            }).ToList();
            var canceller = Task.Run(async () =>
            {
                int sent = 0;
                while (!done.IsCancellationRequested)
                {
                    var (_, processId, secret) = victims[sent++ % victims.Count];
                    await using var cancel = await PgTestClient.ConnectAsync(server);
                    await SendCancelAsync(cancel, processId, secret);
                }

                return sent;
            });

            // A bystander's statement that met a cancel meant for a victim would throw 57014 here.
            try
            {
                await Task.WhenAll(bystanders.Select(async bystander =>
                {
                    for (int i = 0; i < 60; i++)
                    {
                        Assert.Equal(1, await new NpgsqlCommand("SELECT 1 FROM pg_sleep(0.005)", bystander).ExecuteScalarAsync());
                    }
                }));
            }
            finally
            {
                await done.CancelAsync();
            }

            Assert.True(await canceller > 0);
            var errorsPerVictim = await Task.WhenAll(victimErrors);
            Assert.All(errorsPerVictim.SelectMany(errors => errors), sqlState => Assert.Equal("57014", sqlState));
            Assert.NotEmpty(errorsPerVictim.SelectMany(errors => errors)); // the cancels did land, on their own sessions
        }
        finally
        {
            foreach (var bystander in bystanders)
            {
                await bystander.DisposeAsync();
            }

            foreach (var victim in victims)
            {
                await victim.Client.DisposeAsync();
            }
        }

        Assert.All(await origin.OriginBackendStatesAsync(), state => Assert.Equal("idle", state));
    }

    /// <summary>Waits until the origin shows a query containing <paramref name="marker"/> running (a real condition, polled).</summary>
    private Task WaitUntilActiveAsync(string marker) => TestTimeouts.EventuallyAsync(
        async () => await origin.QueryAsSuperuserAsync($"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%{marker}%'") == "1",
        $"the query '{marker}' is running at the origin");

    private static async Task<List<PgMessage>> SendCancelAsync(PgTestClient canceller, int processId, int secret)
    {
        await canceller.SendAsync([.. PgTestClient.Int32(16), .. PgTestClient.Int32(80877102), .. PgTestClient.Int32(processId), .. PgTestClient.Int32(secret)]);
        return await canceller.ReadToEndAsync(); // the pool answers nothing and closes once the cancel is dealt with
    }

    private static (int ProcessId, int Secret) KeyOf(List<PgMessage> login)
    {
        var key = Assert.Single(login, message => message.Type == 'K').Body;
        return (BinaryPrimitives.ReadInt32BigEndian(key), BinaryPrimitives.ReadInt32BigEndian(key.AsSpan(4)));
    }

    /// <summary>The first column of a DataRow, as text.</summary>
    private static string TextOf(PgMessage dataRow)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(dataRow.Body.AsSpan(2));
        return Encoding.UTF8.GetString(dataRow.Body, 6, length);
    }
}
