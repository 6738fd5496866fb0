using System.Buffers.Binary;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>
/// The pool answers a login from one reply it builds once per origin parameter set: every client must still get the
/// origin's own ParameterStatus values and a cancel key of its own, and startup parameters that would change results are
/// still refused unless the origin already has that value.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class StartupReplyTests(OriginClusterFixture origin)
{
    [Fact]
    public async Task Every_login_gets_the_origins_parameters_and_a_cancel_key_of_its_own()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        var first = await LogInAsync(server);
        var second = await LogInAsync(server);
        var third = await LogInAsync(server);

        foreach (var login in new[] { first, second, third })
        {
            Assert.Equal(['R', 'R'], login.Where(m => m.Type == 'R').Select(m => m.Type));
            Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(login.Last(m => m.Type == 'R').Body)); // AuthenticationOk
            Assert.Equal((byte)'I', Assert.Single(login, m => m.Type == 'Z').Body.Single());
            Assert.Equal('Z', login[^1].Type);
        }

        Assert.Equal(Parameters(first), Parameters(second));
        Assert.Equal(Parameters(first), Parameters(third));
        Assert.Equal(await ServerVersionOfOriginAsync(server), Parameters(first)["server_version"]);
        var keys = new[] { first, second, third }.Select(login => Convert.ToHexString(Assert.Single(login, m => m.Type == 'K').Body)).ToList();
        Assert.Equal(3, keys.Distinct().Count());
    }

    [Fact]
    public async Task A_result_changing_startup_parameter_is_refused_unless_the_origin_has_that_value()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        string dateStyle = Parameters(await LogInAsync(server))["DateStyle"];
        string other = dateStyle.StartsWith("ISO", StringComparison.OrdinalIgnoreCase) ? "SQL, DMY" : "ISO, MDY";

        var same = await LogInAsync(server, ("DATESTYLE", dateStyle.ToLowerInvariant()), ("application_name", "anything"));
        var different = await LogInAsync(server, ("application_name", "anything"), ("datestyle", other));

        Assert.Equal('Z', same[^1].Type);
        Assert.Equal(("0A000", "FATAL"), (different[^1].SqlState, different[^1].Severity));
        Assert.Contains("\"datestyle\"", ErrorMessage(different[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_value_of_a_repeated_startup_parameter_counts()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        string dateStyle = Parameters(await LogInAsync(server))["DateStyle"];
        string other = dateStyle.StartsWith("ISO", StringComparison.OrdinalIgnoreCase) ? "SQL, DMY" : "ISO, MDY";

        var lastIsOrigins = await LogInAsync(server, ("DateStyle", other), ("DateStyle", dateStyle));
        var lastIsOther = await LogInAsync(server, ("DateStyle", dateStyle), ("DateStyle", other));

        Assert.Equal('Z', lastIsOrigins[^1].Type);
        Assert.Equal("0A000", lastIsOther[^1].SqlState);
    }

    [Fact]
    public async Task A_startup_packet_without_its_terminator_is_a_protocol_violation()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        await using var client = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, out var session);
        byte[] body = [.. PgTestClient.Int32(196608), .. PgTestClient.CString("user"), .. PgTestClient.CString(server.Credentials.User)];

        await client.SendAsync([.. PgTestClient.Int32(body.Length + 4), .. body]);
        var received = await client.ReadToEndAsync();

        Assert.Equal(("08P01", "FATAL"), (Assert.Single(received).SqlState, received[0].Severity));
        await session.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>An in-process login with the pool's credentials and <paramref name="extra"/> startup parameters; what came back until ReadyForQuery or an error.</summary>
    private static async Task<List<PgMessage>> LogInAsync(PoolerServer server, params (string Name, string Value)[] extra)
    {
        await using var client = PgTestClient.InMemory(server.Pool, HyperdriveClientTransport.InProcess, out var session);
        var credentials = server.Credentials;
        await client.SendAsync(PgTestClient.Startup([("user", credentials.User), ("database", credentials.Database), .. extra]));
        var received = new List<PgMessage>();
        while (await client.ReadAsync() is { } message)
        {
            received.Add(message);
            if (message.Type is 'Z' or 'E')
            {
                break;
            }

            if (message.Type == 'R' && BinaryPrimitives.ReadInt32BigEndian(message.Body) == 3)
            {
                await client.SendAsync(PgTestClient.Message('p', PgTestClient.CString(credentials.Password)));
            }
        }

        await client.SendAsync(PgTestClient.Terminate);
        await session.WaitAsync(TimeSpan.FromSeconds(30));
        return received;
    }

    private static Dictionary<string, string> Parameters(List<PgMessage> login)
        => login.Where(m => m.Type == 'S')
            .Select(m => Encoding.UTF8.GetString(m.Body).Split('\0'))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    private static string ErrorMessage(PgMessage error)
        => Protocol.PgMessageParser.ReadError(new System.Buffers.ReadOnlySequence<byte>(error.Body)).Message;

    /// <summary>Asked of the origin itself, through a query the pool forwards.</summary>
    private static async Task<string> ServerVersionOfOriginAsync(PoolerServer server)
    {
        await using var connection = await server.OpenClientAsync();
        await using var command = new Npgsql.NpgsqlCommand("SHOW server_version", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
