using System.Net;
using System.Text.Json;
using Customers.LocalPostgres;

namespace WorkerSockets.Samples.Tests;

[Collection(PostgresCollection.Name)]
public sealed class CustomersWorkerTests(PostgresClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private LocalPostgresCluster Cluster => fixture.Cluster;

    private Task<CustomersEndpoint> StartEndpointAsync(LocalPostgresRole role, string sslMode = "require")
        => CustomersEndpoint.StartAsync(Cluster.ConnectionString(role, sslMode), SocketPolicy.Development.WithTrustedRoots(Cluster.CertificateAuthority));

    [Fact]
    public async Task Get_root_returns_exactly_the_rows_psql_sees()
    {
        await using CustomersEndpoint endpoint = await StartEndpointAsync(fixture.ScramRole);
        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);
        var (header, psqlRows) = PsqlCsv.Parse(await Cluster.PsqlAsync("SELECT * FROM customers", ["--csv"]).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement[] rows = [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
        Assert.Equal(psqlRows.Count, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            JsonProperty[] properties = [.. rows[i].EnumerateObject()];
            Assert.Equal(header, properties.Select(property => property.Name));
            Assert.Equal(psqlRows[i], properties.Select(property => AsPsqlText(property.Value)));
        }
    }

    [Fact]
    public async Task Get_root_returns_typed_json_values()
    {
        await using CustomersEndpoint endpoint = await StartEndpointAsync(fixture.ScramRole);
        var (_, body) = await endpoint.GetAsync().WaitAsync(Timeout);

        JsonElement first = JsonDocument.Parse(body).RootElement[0];
        Assert.Equal(JsonValueKind.Number, first.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.True, first.GetProperty("vip").ValueKind);
        Assert.Equal("Ada Lovelace", first.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(body).RootElement[3].GetProperty("city").ValueKind);
    }

    [Theory]
    [InlineData("require", true)]
    [InlineData("disable", false)]
    public async Task The_server_sees_TLS_exactly_when_sslmode_requires_it(string sslMode, bool expectTls)
    {
        await using CustomersEndpoint endpoint = await StartEndpointAsync(fixture.TlsProbeRole, sslMode);
        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(JsonDocument.Parse(body).RootElement.EnumerateArray(), row => Assert.Equal(expectTls, row.GetProperty("connection_ssl").GetBoolean()));
    }

    [Theory]
    [InlineData("scram")]
    [InlineData("md5")]
    public async Task Scram_and_md5_users_both_get_the_customers(string method)
    {
        LocalPostgresRole role = method == "md5" ? fixture.Md5Role : fixture.ScramRole;

        await using CustomersEndpoint endpoint = await StartEndpointAsync(role);
        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, JsonDocument.Parse(body).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Wrong_password_gives_502_with_the_servers_message_and_no_secret()
    {
        LocalPostgresRole wrong = fixture.ScramRole with { Password = "wrong-" + Guid.NewGuid().ToString("N") };
        string connectionString = Cluster.ConnectionString(wrong);

        await using CustomersEndpoint endpoint = await StartEndpointAsync(wrong);
        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal($"password authentication failed for user \"{wrong.Name}\"", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain(wrong.Password, body, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("require", HttpStatusCode.OK)]
    [InlineData("disable", HttpStatusCode.BadGateway)]
    public async Task A_TLS_only_role_is_served_over_TLS_and_refused_in_plaintext(string sslMode, HttpStatusCode expected)
    {
        await using CustomersEndpoint endpoint = await StartEndpointAsync(fixture.TlsOnlyRole, sslMode);

        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);

        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.BadGateway)
        {
            Assert.Equal(
                $"no pg_hba.conf entry for host \"{Cluster.Host}\", user \"{fixture.TlsOnlyRole.Name}\", database \"{Cluster.Database}\", no encryption",
                JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Query_error_gives_500_with_the_servers_message()
    {
        // The tls_probe schema's view is visible only to its role: revoke it for a moment, and the query itself fails.
        await Cluster.PsqlAsync($"REVOKE SELECT ON tls_probe.customers FROM {fixture.TlsProbeRole.Name}").WaitAsync(Timeout);
        try
        {
            await using CustomersEndpoint endpoint = await StartEndpointAsync(fixture.TlsProbeRole);
        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);

            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Equal("permission denied for view customers", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
            Assert.DoesNotContain(fixture.TlsProbeRole.Password, body, StringComparison.Ordinal);
        }
        finally
        {
            await Cluster.PsqlAsync($"GRANT SELECT ON tls_probe.customers TO {fixture.TlsProbeRole.Name}").WaitAsync(Timeout);
        }
    }

    [Fact]
    public async Task Stopped_database_gives_502()
    {
        await Cluster.StopAsync().WaitAsync(Timeout);
        try
        {
            await using CustomersEndpoint endpoint = await StartEndpointAsync(fixture.ScramRole);
        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);

            Assert.Equal(HttpStatusCode.BadGateway, status);
            Assert.Contains($"{Cluster.Host}:{Cluster.Port}", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.ScramRole.Password, body, StringComparison.Ordinal);
        }
        finally
        {
            await Cluster.RestartAsync().WaitAsync(Timeout);
        }
    }

    [Fact]
    public async Task Hyperdrive_binding_serves_the_customers_when_DB_is_not_set()
    {
        await using CustomersEndpoint endpoint = await CustomersEndpoint.StartAsync(
            "HYPERDRIVE", Cluster.ConnectionString(fixture.TlsProbeRole), SocketPolicy.Development.WithTrustedRoots(Cluster.CertificateAuthority));

        var (status, body) = await endpoint.GetAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(JsonDocument.Parse(body).RootElement.EnumerateArray(), row => Assert.True(row.GetProperty("connection_ssl").GetBoolean()));
    }

    [Fact]
    public async Task Other_paths_are_404()
    {
        await using CustomersEndpoint endpoint = await StartEndpointAsync(fixture.ScramRole);
        var (status, _) = await endpoint.GetAsync("/nope").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Two_hundred_requests_at_concurrency_16_all_succeed_and_leave_no_socket_open()
    {
        await using CustomersEndpoint endpoint = await StartEndpointAsync(fixture.ScramRole);
        int before = OpenSockets.CountTcpTo(Cluster.Port);
        int next = 0;
        var statuses = new HttpStatusCode[200];

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (int i = Interlocked.Increment(ref next) - 1; i < statuses.Length; i = Interlocked.Increment(ref next) - 1)
            {
                statuses[i] = (await endpoint.GetAsync()).Status;
            }
        }))).WaitAsync(TimeSpan.FromSeconds(120));

        await endpoint.StopAsync().WaitAsync(Timeout); // returns once every request's WaitUntil(client.EndAsync()) is done

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(0, before);
        Assert.Equal(0, OpenSockets.CountTcpTo(Cluster.Port));
        Assert.Empty(endpoint.Warnings.Messages); // no socket was left for the scope to abort
    }

    private static string? AsPsqlText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => "t",
        JsonValueKind.False => "f",
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
