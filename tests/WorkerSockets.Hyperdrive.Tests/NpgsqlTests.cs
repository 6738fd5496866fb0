using Npgsql;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

[Collection(OriginCollection.Name)]
public sealed class NpgsqlTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Npgsql_with_default_settings_reads_parameters_and_transactions()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached());
        await using var dataSource = NpgsqlDataSource.Create(server.NpgsqlConnectionString());
        await using var connection = await dataSource.OpenConnectionAsync();

        await using (var command = new NpgsqlCommand("SELECT name FROM items WHERE id = $1", connection))
        {
            command.Parameters.AddWithValue(42);
            Assert.Equal("item 42", await command.ExecuteScalarAsync());
        }

        await using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS npgsql_tx; CREATE TABLE npgsql_tx (n integer)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await new NpgsqlCommand("INSERT INTO npgsql_tx VALUES (1)", connection, transaction).ExecuteNonQueryAsync();
            await transaction.RollbackAsync();
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await new NpgsqlCommand("INSERT INTO npgsql_tx VALUES (2)", connection, transaction).ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        Assert.Equal(2, await new NpgsqlCommand("SELECT sum(n)::int FROM npgsql_tx", connection).ExecuteScalarAsync());
        Assert.Equal("UTF8", connection.PostgresParameters["server_encoding"]);
        Assert.Equal(15, connection.PostgreSqlVersion.Major);
    }

    [Fact]
    public async Task Prepared_statements_survive_many_transactions_on_different_origin_connections()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 3));
        var clients = new List<NpgsqlConnection>();
        for (int i = 0; i < 6; i++)
        {
            clients.Add(await server.OpenClientAsync());
        }

        try
        {
            var commands = new List<NpgsqlCommand>();
            foreach (var (client, index) in clients.Select((c, i) => (c, i)))
            {
                // Different texts under Npgsql's same statement names (_p1...): the pooler must keep them apart.
                var command = new NpgsqlCommand($"SELECT name || ' #{index}' FROM items WHERE id = $1", client);
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 0 });
                await command.PrepareAsync();
                commands.Add(command);
            }

            for (int round = 1; round <= 20; round++)
            {
                await Task.WhenAll(commands.Select(async (command, index) =>
                {
                    ((NpgsqlParameter<int>)command.Parameters[0]).TypedValue = round;
                    Assert.Equal($"item {round} #{index}", await command.ExecuteScalarAsync());
                }));
            }

            Assert.InRange(server.Pool.OriginConnectionCount, 1, 3);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Copy_in_and_out_work_inside_a_transaction()
    {
        await using var server = await PoolerServer.StartAsync(origin, PoolerServer.Uncached(options => options.MaxConnections = 1));
        await using var connection = await server.OpenClientAsync();
        await new NpgsqlCommand("DROP TABLE IF EXISTS npgsql_copy; CREATE TABLE npgsql_copy (n integer, word text)", connection).ExecuteNonQueryAsync();

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var importer = await connection.BeginBinaryImportAsync("COPY npgsql_copy FROM STDIN (FORMAT binary)"))
            {
                for (int n = 1; n <= 1000; n++)
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync(n);
                    await importer.WriteAsync("word " + n);
                }

                await importer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        using var reader = await connection.BeginTextExportAsync("COPY (SELECT n FROM npgsql_copy WHERE n % 250 = 0 ORDER BY n) TO STDOUT");
        Assert.Equal("250\n500\n750\n1000\n", await reader.ReadToEndAsync());
    }
}
