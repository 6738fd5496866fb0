using WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Cache;

/// <summary>Two origin users on the same database and the same statement text never share an entry.</summary>
[Collection(OriginCollection.Name)]
public sealed class QueryCacheUsersTests(OriginClusterFixture origin)
{
    private const string OtherUser = "cache_other_user";

    [Fact]
    public async Task Two_users_never_share_an_entry()
    {
        string password = "other-" + Guid.NewGuid().ToString("N");
        var owner = origin.OriginRole.Name;
        // Row-level security makes the same text return different rows per user, with nothing in the text to tell.
        await origin.QueryAsSuperuserAsync($"""
            DROP TABLE IF EXISTS cache_rls;
            DROP ROLE IF EXISTS {OtherUser};
            CREATE ROLE {OtherUser} LOGIN PASSWORD '{password}';
            CREATE TABLE cache_rls (who text NOT NULL);
            INSERT INTO cache_rls VALUES ('{owner}'), ('{OtherUser}'), ('{OtherUser}');
            ALTER TABLE cache_rls OWNER TO {owner};
            ALTER TABLE cache_rls ENABLE ROW LEVEL SECURITY;
            ALTER TABLE cache_rls FORCE ROW LEVEL SECURITY;
            CREATE POLICY mine ON cache_rls USING (who = current_user);
            GRANT SELECT ON cache_rls TO {OtherUser};
            """);
        var hbaFile = await origin.QueryAsSuperuserAsync("SHOW hba_file");
        if (!(await File.ReadAllTextAsync(hbaFile)).Contains(OtherUser, StringComparison.Ordinal))
        {
            await File.AppendAllTextAsync(hbaFile, $"hostssl all {OtherUser} {origin.Cluster.Host}/32 scram-sha-256\n");
        }

        await origin.QueryAsSuperuserAsync("SELECT pg_reload_conf()");
        var otherOrigin = $"postgres://{OtherUser}:{password}@{origin.Cluster.Host}:{origin.Cluster.Port}/{origin.Cluster.Database}?sslmode=require";

        await using var first = await CachedPool.StartAsync(origin);
        await using var second = await CachedPool.StartAsync(origin, originConnectionString: otherOrigin);
        await using var firstClient = await first.ClientAsync();
        const string read = "SELECT count(*) FROM cache_rls";
        Assert.Equal("1", await firstClient.ScalarAsync(read));
        Assert.Equal("1", await firstClient.ScalarAsync(read));

        // The reload is asynchronous: until it lands the other user's login is refused, and that is retried.
        PgTestClient? secondClient = null;
        await TestTimeouts.EventuallyAsync(async () =>
        {
            var client = await PgTestClient.ConnectAsync(second.Server);
            if ((await client.LogInAsync(second.Server.Credentials))[^1].Type == 'Z')
            {
                secondClient = client;
                return true;
            }

            await client.DisposeAsync();
            return false;
        }, "the other user can log in after the reload");
        await using var other = secondClient!;
        Assert.Equal("2", await other.ScalarAsync(read));
        Assert.Equal("2", await other.ScalarAsync(read));
        Assert.Equal("1", await firstClient.ScalarAsync(read));
    }
}
