using System.Net;
using System.Net.Sockets;
using Customers.LocalPostgres;
using Customers.Postgres;

namespace WorkerSockets.Samples.Tests.Postgres;

/// <summary>The client over real <see cref="WorkerSocket"/>s inside a request scope, against the real cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgClientTests(PostgresClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private SocketPolicy Policy => SocketPolicy.Development.WithTrustedRoots(fixture.Cluster.CertificateAuthority);

    [Theory]
    [InlineData("scram")]
    [InlineData("md5")]
    public async Task Sslmode_require_logs_in_over_StartTls_and_the_server_sees_TLS(string method)
    {
        LocalPostgresRole role = method == "md5" ? fixture.Md5Role : fixture.ScramRole;
        string? ssl = null, user = null;
        bool encrypted = false;

        await WorkerContext.RunAsync(async ctx =>
        {
            var client = new PgClient(fixture.Cluster.ConnectionString(role, "require"));
            await client.ConnectAsync();
            PgQueryResult result = await client.QueryAsync("SELECT s.ssl, current_user FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()");
            (ssl, user, encrypted) = (result.Rows[0][0], result.Rows[0][1], client.IsEncrypted);
            ctx.WaitUntil(client.EndAsync());
        }, Policy).WaitAsync(Timeout);

        Assert.Equal(("t", role.Name, true), (ssl, user, encrypted));
    }

    [Fact]
    public async Task Sslmode_disable_stays_plaintext()
    {
        string? ssl = null;

        await WorkerContext.RunAsync(async ctx =>
        {
            await using var client = new PgClient(fixture.Cluster.ConnectionString(fixture.ScramRole, "disable"));
            await client.ConnectAsync();
            ssl = (await client.QueryAsync("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).Rows[0][0];
        }, Policy).WaitAsync(Timeout);

        Assert.Equal("f", ssl);
    }

    [Fact]
    public async Task Wrong_password_is_a_PgException_with_sqlstate_28P01()
    {
        LocalPostgresRole wrong = fixture.ScramRole with { Password = "wrong" };
        PgException? error = null;

        await WorkerContext.RunAsync(async ctx =>
        {
            await using var client = new PgClient(fixture.Cluster.ConnectionString(wrong));
            error = await Assert.ThrowsAsync<PgException>(() => client.ConnectAsync());
        }, Policy).WaitAsync(Timeout);

        Assert.Equal("28P01", error!.SqlState);
    }

    [Fact]
    public async Task Server_certificate_from_an_untrusted_authority_fails_the_connection()
    {
        PgConnectionException? error = null;

        await WorkerContext.RunAsync(async ctx =>
        {
            await using var client = new PgClient(fixture.Cluster.ConnectionString(fixture.ScramRole, "require"));
            error = await Assert.ThrowsAsync<PgConnectionException>(() => client.ConnectAsync());
        }, SocketPolicy.Development).WaitAsync(Timeout); // the cluster's CA is not trusted here

        Assert.Contains($"{fixture.Cluster.Host}:{fixture.Cluster.Port}", error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.ScramRole.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_port_is_a_PgConnectionException()
    {
        using Socket refusing = RefusingPort();
        int closedPort = ((IPEndPoint)refusing.LocalEndPoint!).Port;
        PgConnectionException? error = null;

        await WorkerContext.RunAsync(async ctx =>
        {
            await using var client = new PgClient($"postgres://app:secret-pw@127.0.0.1:{closedPort}/shop");
            error = await Assert.ThrowsAsync<PgConnectionException>(() => client.ConnectAsync());
        }, Policy).WaitAsync(Timeout);

        Assert.Contains($"127.0.0.1:{closedPort}", error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_that_answers_N_to_SSLRequest_fails_when_TLS_is_required()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task server = Task.Run(async () =>
        {
            using Socket accepted = await listener.AcceptSocketAsync();
            byte[] request = new byte[8];
            await accepted.ReceiveAsync(request.AsMemory(), SocketFlags.None);
            await accepted.SendAsync("N"u8.ToArray(), SocketFlags.None);
        });
        PgConnectionException? error = null;

        await WorkerContext.RunAsync(async ctx =>
        {
            await using var client = new PgClient($"host=127.0.0.1 port={port} user=app password=pw sslmode=require");
            error = await Assert.ThrowsAsync<PgConnectionException>(() => client.ConnectAsync());
        }, Policy).WaitAsync(Timeout);
        await server.WaitAsync(Timeout);

        Assert.Contains("does not accept TLS", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndAsync_returns_the_same_task_every_time()
    {
        await WorkerContext.RunAsync(async ctx =>
        {
            var client = new PgClient(fixture.Cluster.ConnectionString(fixture.ScramRole));
            await client.ConnectAsync();
            Task first = client.EndAsync();
            Assert.Same(first, client.EndAsync());
            await first;
        }, Policy).WaitAsync(Timeout);
    }

    [Fact]
    public async Task EndAsync_sends_Terminate_then_closes()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<byte[]> server = Task.Run(async () =>
        {
            using Socket accepted = await listener.AcceptSocketAsync();
            using var stream = new NetworkStream(accepted);
            byte[] lengthPrefix = new byte[4];
            await stream.ReadExactlyAsync(lengthPrefix);
            await stream.ReadExactlyAsync(new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(lengthPrefix) - 4]);
            // AuthenticationOk, then ReadyForQuery (idle): a trust login.
            await stream.WriteAsync(new byte[] { (byte)'R', 0, 0, 0, 8, 0, 0, 0, 0, (byte)'Z', 0, 0, 0, 5, (byte)'I' });
            var rest = new MemoryStream();
            await stream.CopyToAsync(rest); // until the client closes
            return rest.ToArray();
        });

        await WorkerContext.RunAsync(async ctx =>
        {
            var client = new PgClient($"host=127.0.0.1 port={port} user=app");
            await client.ConnectAsync();
            await client.EndAsync();
        }, Policy).WaitAsync(Timeout);

        Assert.Equal(new byte[] { (byte)'X', 0, 0, 0, 4 }, await server.WaitAsync(Timeout));
    }

    /// <summary>A port bound but never listened on: connections to it are refused, and nothing else can take it meanwhile.</summary>
    private static Socket RefusingPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
