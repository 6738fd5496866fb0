using Customers.Postgres;

namespace WorkerSockets.Samples.Tests.Postgres;

public sealed class PgConnectionSettingsTests
{
    [Fact]
    public void Url_form_gives_every_part_with_escapes_decoded()
    {
        var settings = PgConnectionSettings.Parse("postgres://app%40corp:p%40ss%3Aw%2Fd@db.example.com:6543/shop?sslmode=require");

        Assert.Equal(("db.example.com", 6543, "app@corp", "p@ss:w/d", "shop", PgSslMode.Require),
            (settings.Host, settings.Port, settings.User, settings.Password, settings.Database, settings.SslMode));
    }

    [Fact]
    public void Url_form_defaults_port_database_and_sslmode()
    {
        var settings = PgConnectionSettings.Parse("postgresql://alice@[::1]");

        Assert.Equal(("::1", 5432, "alice", "", "alice", PgSslMode.Disable),
            (settings.Host, settings.Port, settings.User, settings.Password, settings.Database, settings.SslMode));
    }

    [Fact]
    public void Key_value_form_reads_quoted_values_with_escapes()
    {
        var settings = PgConnectionSettings.Parse(@"host=127.0.0.1 port = 5433 user=bob password='it\'s \'quoted\' \\ here' dbname=shop sslmode=disable");

        Assert.Equal(("127.0.0.1", 5433, "bob", @"it's 'quoted' \ here", "shop", PgSslMode.Disable),
            (settings.Host, settings.Port, settings.User, settings.Password, settings.Database, settings.SslMode));
    }

    [Fact]
    public void ToString_leaves_the_password_out()
    {
        var settings = PgConnectionSettings.Parse("postgres://app:hunter2@localhost/shop?sslmode=require");

        Assert.Equal("app@localhost:5432/shop (sslmode=require)", settings.ToString());
    }

    [Theory]
    [InlineData("postgres://app:hunter2@/shop")]
    [InlineData("host=localhost password=hunter2")]
    [InlineData("host=localhost user=app password=hunter2 sslmode=prefer")]
    [InlineData("host=localhost user=app password='hunter2")]
    [InlineData("host=localhost user=app password=hunter2 port=x")]
    public void Malformed_strings_fail_without_echoing_the_secret(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => PgConnectionSettings.Parse(connectionString));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
