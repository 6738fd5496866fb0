using Customers.LocalPostgres;
using Customers.Postgres;

namespace WorkerSockets.Samples.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PgSessionTests(PostgresClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private LocalPostgresCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Scram_user_logs_in_and_reads_every_customer()
    {
        await using var connection = await LoopbackPgConnection.OpenAsync(Cluster, fixture.ScramRole, tls: false).WaitAsync(Timeout);

        PgQueryResult result = await connection.Session.QueryAsync("SELECT id, name, city FROM customers", default).WaitAsync(Timeout);

        Assert.Equal(["id", "name", "city"], result.Fields.Select(field => field.Name));
        Assert.Equal(23u, result.Fields[0].TypeOid);
        Assert.Equal("SELECT 5", result.CommandTag);
        Assert.Equal("1|Ada Lovelace|London", string.Join("|", result.Rows[0]));
        Assert.Null(result.Rows[3][2]);
        Assert.Equal("Dún Laoghaire", result.Rows[4][2]);
    }

    [Fact]
    public async Task The_servers_startup_parameters_are_reported_as_the_server_sent_them()
    {
        await using var connection = await LoopbackPgConnection.OpenAsync(Cluster, fixture.ScramRole, tls: false).WaitAsync(Timeout);

        // Kept as received at startup and decoded on first read: every value must match what the server says now.
        var reported = connection.Session.ServerParameters;
        PgQueryResult shown = await connection.Session.QueryAsync("SHOW server_version; ", default).WaitAsync(Timeout);
        PgQueryResult encoding = await connection.Session.QueryAsync("SHOW client_encoding", default).WaitAsync(Timeout);
        PgQueryResult user = await connection.Session.QueryAsync("SELECT session_user", default).WaitAsync(Timeout);

        Assert.Equal(shown.Rows[0][0], reported["server_version"]);
        Assert.Equal(encoding.Rows[0][0], reported["client_encoding"]);
        Assert.Equal(user.Rows[0][0], reported["session_authorization"]);
        Assert.True(reported.Count >= 10, $"only {reported.Count} parameters: {string.Join(", ", reported.Keys)}");
        Assert.Same(reported, connection.Session.ServerParameters);
    }

    [Theory]
    [InlineData("scram")]
    [InlineData("md5")]
    [InlineData("cleartext")]
    [InlineData("trust")]
    public async Task Each_authentication_method_logs_in_as_its_user(string method)
    {
        LocalPostgresRole role = method switch
        {
            "scram" => fixture.ScramRole,
            "md5" => fixture.Md5Role,
            "cleartext" => fixture.CleartextRole,
            _ => fixture.TrustRole,
        };
        await using var connection = await LoopbackPgConnection.OpenAsync(Cluster, role, tls: false).WaitAsync(Timeout);

        PgQueryResult result = await connection.Session.QueryAsync("SELECT current_user", default).WaitAsync(Timeout);

        Assert.Equal(role.Name, Assert.Single(result.Rows)[0]);
    }

    [Fact]
    public async Task Md5_user_really_has_an_md5_password_on_the_server()
    {
        string stored = await Cluster.PsqlAsync($"SELECT left(rolpassword, 3) FROM pg_authid WHERE rolname = '{fixture.Md5Role.Name}'", ["-A", "-t"]).WaitAsync(Timeout);

        Assert.Equal("md5", stored.Trim());
    }

    [Fact]
    public async Task SslRequest_then_TLS_gives_an_encrypted_session()
    {
        await using var connection = await LoopbackPgConnection.OpenAsync(Cluster, fixture.ScramRole, tls: true).WaitAsync(Timeout);

        PgQueryResult result = await connection.Session.QueryAsync("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", default).WaitAsync(Timeout);

        Assert.Equal("t", Assert.Single(result.Rows)[0]);
    }

    [Fact]
    public async Task Wrong_password_fails_with_the_servers_message_and_sqlstate()
    {
        LocalPostgresRole wrong = fixture.ScramRole with { Password = "not-the-password" };

        var error = await Assert.ThrowsAsync<PgException>(() => LoopbackPgConnection.OpenAsync(Cluster, wrong, tls: false).WaitAsync(Timeout));

        Assert.Equal("28P01", error.SqlState);
        Assert.Equal("FATAL", error.Severity);
        Assert.Equal($"password authentication failed for user \"{fixture.ScramRole.Name}\"", error.Message);
    }

    [Fact]
    public async Task Query_error_carries_sqlstate_and_leaves_the_session_usable()
    {
        await using var connection = await LoopbackPgConnection.OpenAsync(Cluster, fixture.ScramRole, tls: false).WaitAsync(Timeout);

        var error = await Assert.ThrowsAsync<PgException>(() => connection.Session.QueryAsync("SELECT * FROM no_such_table", default).WaitAsync(Timeout));
        PgQueryResult after = await connection.Session.QueryAsync("SELECT 1 AS one", default).WaitAsync(Timeout);

        Assert.Equal("42P01", error.SqlState);
        Assert.Equal("relation \"no_such_table\" does not exist", error.Message);
        Assert.Equal("1", Assert.Single(after.Rows)[0]);
    }

    [Fact]
    public async Task Large_result_spanning_many_reads_arrives_whole()
    {
        await using var connection = await LoopbackPgConnection.OpenAsync(Cluster, fixture.ScramRole, tls: true).WaitAsync(Timeout);

        PgQueryResult result = await connection.Session.QueryAsync("SELECT g, repeat('x', 1000) FROM generate_series(1, 2000) g", default).WaitAsync(Timeout);

        Assert.Equal(2000, result.Rows.Count);
        Assert.Equal("2000", result.Rows[^1][0]);
        Assert.All(result.Rows, row => Assert.Equal(1000, row[1]!.Length));
    }
}
