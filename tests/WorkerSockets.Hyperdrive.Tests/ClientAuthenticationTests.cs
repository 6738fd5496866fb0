using System.Buffers.Binary;
using System.Text;
using Npgsql;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>
/// How a client proves the pool's credentials depends on its transport: in process a cleartext password (one round trip,
/// compared in constant time), over a network SCRAM-SHA-256. Either way a wrong password or user is refused with 28P01.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class ClientAuthenticationTests(OriginClusterFixture origin)
{
    private const int CleartextPassword = 3;
    private const int Sasl = 10;

    [Fact]
    public async Task An_in_process_client_is_asked_for_its_password_in_cleartext_and_then_served()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using var client = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, out var session);

        var login = await client.LogInAsync(server.Credentials);
        await client.SendAsync(PgTestClient.Query("SELECT 40 + 2"));
        var reply = await client.ReadUntilReadyAsync();
        await client.SendAsync(PgTestClient.Message('X', []));

        Assert.Equal([CleartextPassword, 0], AuthenticationCodes(login));
        Assert.Equal('Z', login[^1].Type);
        Assert.Equal("42", FirstValue(Assert.Single(reply, m => m.Type == 'D')));
        await session.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("wrong user")]
    public async Task An_in_process_client_with_wrong_credentials_gets_28P01_and_is_disconnected(string what)
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using var client = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, out _);
        var credentials = what == "wrong password"
            ? server.Credentials with { Password = server.Credentials.Password + "x" }
            : server.Credentials with { User = "someone_else" };

        var received = await client.LogInAsync(credentials);

        Assert.Equal([CleartextPassword], AuthenticationCodes(received));
        Assert.Equal(("28P01", "FATAL"), (received[^1].SqlState, received[^1].Severity));
        Assert.Null(await client.ReadAsync());
    }

    [Theory]
    [InlineData("nothing after the terminator")]
    [InlineData("no terminator")]
    [InlineData("empty")]
    public async Task A_malformed_in_process_password_message_is_a_protocol_violation(string what)
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using var client = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, out _);
        byte[] password = Encoding.UTF8.GetBytes(server.Credentials.Password);
        byte[] body = what switch
        {
            "nothing after the terminator" => [.. password, 0, .. password, 0],
            "no terminator" => password,
            _ => [],
        };

        await client.SendAsync(PgTestClient.Startup(("user", server.Credentials.User), ("database", server.Credentials.Database)));
        var request = await client.ReadAsync();
        await client.SendAsync(PgTestClient.Message('p', body));
        var received = await client.ReadToEndAsync();

        Assert.Equal(CleartextPassword, BinaryPrimitives.ReadInt32BigEndian(request!.Body));
        var error = Assert.Single(received);
        Assert.Equal(("08P01", "FATAL"), (error.SqlState, error.Severity));
    }

    [Fact]
    public async Task A_network_client_still_proves_its_password_with_scram()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using var tcp = await PgTestClient.ConnectAsync(server);
        await using var unspecified = PgTestClient.InMemory(server.Pool, out _);

        var overTcp = await tcp.LogInAsync(server.Credentials);
        var overDefault = await unspecified.LogInAsync(server.Credentials);
        await using var npgsql = await server.OpenClientAsync();

        Assert.Equal([Sasl, 11, 12, 0], AuthenticationCodes(overTcp));
        Assert.Equal([Sasl, 11, 12, 0], AuthenticationCodes(overDefault));
        Assert.Equal(7, await new NpgsqlCommand("SELECT 7", npgsql).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_network_client_answering_with_a_cleartext_password_is_refused()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using var client = await PgTestClient.ConnectAsync(server);

        await client.SendAsync(PgTestClient.Startup(("user", server.Credentials.User), ("database", server.Credentials.Database)));
        var request = await client.ReadAsync();
        await client.SendAsync(PgTestClient.Message('p', PgTestClient.CString(server.Credentials.Password)));
        var received = await client.ReadToEndAsync();

        Assert.Equal(Sasl, BinaryPrimitives.ReadInt32BigEndian(request!.Body));
        Assert.Equal("28P01", Assert.Single(received).SqlState);
    }

    [Fact]
    public async Task An_undefined_transport_is_refused_by_name()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        var pipe = new System.IO.Pipelines.Pipe();

        // Refused before anything is served: the check is synchronous, so the task is never made.
        Assert.Throws<ArgumentOutOfRangeException>("transport", () => { _ = server.Pool.ServeAsync(new DuplexPipe(pipe.Reader, pipe.Writer), (HyperdriveClientTransport)7, CancellationToken.None); });
    }

    private static int[] AuthenticationCodes(List<PgMessage> messages)
        => [.. messages.Where(m => m.Type == 'R').Select(m => BinaryPrimitives.ReadInt32BigEndian(m.Body))];

    private static string FirstValue(PgMessage dataRow)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(dataRow.Body.AsSpan(2));
        return Encoding.UTF8.GetString(dataRow.Body, 6, length);
    }

    private sealed class DuplexPipe(System.IO.Pipelines.PipeReader input, System.IO.Pipelines.PipeWriter output) : System.IO.Pipelines.IDuplexPipe
    {
        public System.IO.Pipelines.PipeReader Input => input;

        public System.IO.Pipelines.PipeWriter Output => output;
    }
}
