using CsCheck;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;
using static WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure.PgTestClient;

namespace WorkerSockets.Hosting.Hyperdrive.Tests;

/// <summary>
/// Random and mutated client streams, fed straight into <see cref="HyperdrivePool.ServeAsync(System.IO.Pipelines.IDuplexPipe, CancellationToken)"/> over in-memory pipes:
/// the session always ends (no hang), never faults (no crash), and every origin connection is back in the pool, idle.
/// </summary>
[Collection(OriginCollection.Name)]
public sealed class CodecFuzzTests(OriginClusterFixture origin)
{
    private static readonly string[] Sql =
    [
        "SELECT 1", "BEGIN", "COMMIT", "ROLLBACK", "SELECT id FROM items WHERE id < 4", "SELECT 1/0", "SELECT pg_sleep(0)",
        "CREATE TEMP TABLE IF NOT EXISTS fuzz (n int)", "SET application_name = 'fuzz'", "COPY (SELECT 1) TO STDOUT",
        "COPY items FROM STDIN", "DECLARE c CURSOR FOR SELECT 1", "FETCH c", "SELECT 1; SELECT 2", "", "DISCARD ALL",
    ];

    private static readonly string[] Names = ["", "a", "b"];

    /// <summary>One frontend message: mostly well-formed, some malformed, some raw bytes.</summary>
    private static readonly Gen<byte[]> AnyMessage = Gen.Frequency(
        (4, Gen.OneOf(Sql).Select(Query)),
        (3, Gen.Select(Gen.OneOf(Names), Gen.OneOf(Sql), Parse)),
        (3, Gen.Select(Gen.OneOf(Names), Gen.OneOf(Names), Bind)),
        (3, Gen.OneOf(Names).Select(Execute)),
        (3, Gen.Const(Sync)),
        (1, Gen.Select(Gen.OneOf('D', 'C'), Gen.OneOf('S', 'P', 'Q'), Gen.OneOf(Names), (t, k, n) => Target(t, k, n))),
        (1, Gen.OneOf(Message('H', []), Message('d', [1, 2, 3]), Message('c', []), Message('f', CString("fuzz")))),
        (1, Gen.Select(Gen.Char['!', '~'], Gen.Byte.Array[0, 20], (type, body) => Message(type, body))),
        (1, Gen.Byte.Array[1, 12]));

    /// <summary>A session's input after login: messages, optionally mutated, optionally cut short, then Terminate or not.</summary>
    private static readonly Gen<byte[]> AfterLogin = Gen.Select(AnyMessage.Array[1, 12], Gen.Int[0, 3], Gen.Bool, Gen.Int, (messages, mutations, terminate, seed) =>
    {
        var bytes = messages.SelectMany(m => m).Concat(terminate ? Terminate : []).ToArray();
        var random = new Random(seed);
        for (int i = 0; i < mutations && bytes.Length > 0; i++)
        {
            switch (random.Next(3))
            {
                case 0: bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                case 1: bytes = bytes[..random.Next(bytes.Length)]; break;
                default: bytes = [.. bytes[..random.Next(bytes.Length)], (byte)random.Next(256), .. bytes[random.Next(bytes.Length)..]]; break;
            }
        }

        return bytes;
    });

    [Fact]
    public async Task Random_and_mutated_streams_after_login_never_crash_hang_or_leak_a_lease()
    {
        await using var server = await PoolerServer.StartAsync(origin, options =>
        {
            options.MaxConnections = 2;
            options.AcquireTimeout = TimeSpan.FromSeconds(5);
        });

        await AfterLogin.SampleAsync(async input =>
        {
            var client = InMemory(server.Pool, out var session);
            Assert.Equal('Z', (await client.LogInAsync(server.Credentials))[^1].Type);
            await client.SendAsync(input);
            await client.EndAsync();
            var drained = client.ReadToEndAsync();

            await session.WaitAsync(TestTimeouts.Operation);
            await drained.WaitAsync(TestTimeouts.Operation);
            await client.DisposeAsync();
            await TestTimeouts.EventuallyAsync(() => Task.FromResult(server.Pool.OriginConnectionCount == server.Pool.IdleOriginConnectionCount),
                "no lease is left held");
        }, iter: 150, threads: 1);

        Assert.All(await origin.OriginBackendStatesAsync(), state => Assert.Equal("idle", state));
    }

    [Fact]
    public async Task Random_bytes_before_login_never_crash_or_hang()
    {
        await using var server = await PoolerServer.StartAsync(origin);
        var startupish = Gen.Frequency(
            (2, Gen.Byte.Array[0, 64]),
            (1, Gen.Select(Gen.Int[0, 100], Gen.Int, Gen.Byte.Array[0, 32], (length, code, rest) => (byte[])[.. Int32(length), .. Int32(code), .. rest])),
            (1, Gen.Select(Gen.Byte.Array[0, 16], bytes => (byte[])[.. Startup(("user", "worker"), ("database", "hyperdrive")), .. bytes])));

        await startupish.SampleAsync(async input =>
        {
            var client = InMemory(server.Pool, out var session);
            await client.SendAsync(input);
            await client.EndAsync();
            var drained = client.ReadToEndAsync();

            await session.WaitAsync(TestTimeouts.Operation);
            var received = await drained.WaitAsync(TestTimeouts.Operation);
            await client.DisposeAsync();
            Assert.DoesNotContain(received, m => m.Type == 'Z'); // nobody logs in without the password
        }, iter: 300, threads: 2);
    }
}
