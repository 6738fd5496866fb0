using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>A pooler with its cache on and a clock the test moves, and simple-protocol clients of it.</summary>
public sealed class CachedPool : IAsyncDisposable
{
    private CachedPool(PoolerServer server, FakeTimeProvider clock)
    {
        Server = server;
        Clock = clock;
    }

    /// <summary>The pooler.</summary>
    public PoolerServer Server { get; }

    /// <summary>The cache's clock.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Starts a pool with the cache on (or off), a fake clock, and <paramref name="configure"/>'s changes.</summary>
    public static async Task<CachedPool> StartAsync(OriginClusterFixture origin, bool cache = true, Action<HyperdrivePoolOptions>? configure = null, string? originConnectionString = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var server = await PoolerServer.StartAsync(origin, options =>
        {
            options.CacheEnabled = cache;
            options.CacheTimeProvider = clock;
            options.CacheMaxAge = TimeSpan.FromSeconds(60);
            options.CacheStaleWhileRevalidate = TimeSpan.Zero;
            configure?.Invoke(options);
        }, originConnectionString);
        return new CachedPool(server, clock);
    }

    /// <summary>A logged-in client that speaks the simple query protocol.</summary>
    public async Task<PgTestClient> ClientAsync()
    {
        var client = await PgTestClient.ConnectAsync(Server);
        Assert.Equal('Z', (await client.LogInAsync(Server.Credentials))[^1].Type);
        return client;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The simple query protocol over <see cref="PgTestClient"/>.</summary>
public static class SimpleQuery
{
    /// <summary>Sends one Query message and returns every reply up to and including ReadyForQuery.</summary>
    public static async Task<List<PgMessage>> RunAsync(this PgTestClient client, string sql)
    {
        int length = Encoding.UTF8.GetByteCount(sql);
        var message = new byte[6 + length];
        message[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 5 + length);
        Encoding.UTF8.GetBytes(sql, message.AsSpan(5));
        await client.SendAsync(message);
        var replies = new List<PgMessage>();
        while (true)
        {
            var reply = await client.ReadAsync().WaitAsync(TestTimeouts.Operation) ?? throw new InvalidOperationException("The pooler ended the stream.");
            replies.Add(reply);
            if (reply.Type == 'Z')
            {
                return replies;
            }
        }
    }

    /// <summary>The first column of every row, as text; fails on an ErrorResponse.</summary>
    public static async Task<string[]> ColumnAsync(this PgTestClient client, string sql)
    {
        var replies = await client.RunAsync(sql);
        Assert.DoesNotContain(replies, reply => reply.Type == 'E');
        return replies.Where(reply => reply.Type == 'D').Select(reply => FirstColumn(reply.Body)).ToArray();
    }

    /// <summary>The first column of the only row.</summary>
    public static async Task<string> ScalarAsync(this PgTestClient client, string sql) => Assert.Single(await client.ColumnAsync(sql));

    /// <summary>The transaction status of the last ReadyForQuery.</summary>
    public static char Status(this List<PgMessage> replies) => (char)replies[^1].Body[0];

    private static string FirstColumn(byte[] body)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(2));
        return length < 0 ? "NULL" : Encoding.UTF8.GetString(body, 6, length);
    }
}
