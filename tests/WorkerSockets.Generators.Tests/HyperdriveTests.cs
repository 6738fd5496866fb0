using System.Net;
using System.Net.Sockets;

namespace WorkerSockets.Generators.Tests;

public sealed class HyperdriveTests
{
    [Fact]
    public void Parses_every_part_of_a_postgres_url()
    {
        var hyperdrive = new Hyperdrive("postgres://app:pw@db.example.com:6543/customers?sslmode=require");

        Assert.Equal("app", hyperdrive.User);
        Assert.Equal("pw", hyperdrive.Password);
        Assert.Equal("db.example.com", hyperdrive.Host);
        Assert.Equal(6543, hyperdrive.Port);
        Assert.Equal("customers", hyperdrive.Database);
        Assert.Equal("postgres://app:pw@db.example.com:6543/customers?sslmode=require", hyperdrive.ConnectionString);
    }

    [Fact]
    public void Accepts_the_postgresql_scheme_in_any_case_and_defaults_the_port_to_5432()
    {
        var hyperdrive = new Hyperdrive("PostgreSQL://app@localhost/db");

        Assert.Equal(5432, hyperdrive.Port);
        Assert.Equal("", hyperdrive.Password);
        Assert.Equal("localhost", hyperdrive.Host);
    }

    [Fact]
    public void Percent_decodes_user_password_host_and_database()
    {
        var hyperdrive = new Hyperdrive("postgres://us%65r:p%40ss%3Aw%2Fd@my%2Dhost:5432/my%20db");

        Assert.Equal("user", hyperdrive.User);
        Assert.Equal("p@ss:w/d", hyperdrive.Password);
        Assert.Equal("my-host", hyperdrive.Host);
        Assert.Equal("my db", hyperdrive.Database);
    }

    [Fact]
    public void Splits_user_info_at_the_last_at_sign_and_the_password_at_the_first_colon()
    {
        var hyperdrive = new Hyperdrive("postgres://app:a:b@c@host/db");

        Assert.Equal("app", hyperdrive.User);
        Assert.Equal("a:b@c", hyperdrive.Password);
        Assert.Equal("host", hyperdrive.Host);
    }

    [Fact]
    public void Reads_bracketed_IPv6_hosts()
    {
        var hyperdrive = new Hyperdrive("postgres://app:pw@[::1]:5433/db");

        Assert.Equal("::1", hyperdrive.Host);
        Assert.Equal(5433, hyperdrive.Port);
        Assert.Equal("postgres://app:***@[::1]:5433/db", hyperdrive.ToString());
    }

    [Fact]
    public void Database_defaults_to_the_user_name_as_in_PostgreSQL()
    {
        Assert.Equal("app", new Hyperdrive("postgres://app:pw@host").Database);
    }

    [Fact]
    public void ToString_hides_the_password_and_drops_query_parameters()
    {
        var text = new Hyperdrive("postgres://app:secret-pw@host:5432/db?password=secret-pw").ToString();

        Assert.Equal("postgres://app:***@host:5432/db", text);
    }

    [Theory]
    [InlineData("mysql://app:secret-pw@host/db")]
    [InlineData("postgres://app:secret-pw@/db")]
    [InlineData("postgres://app:secret-pw@host:70000/db")]
    [InlineData("postgres://app:secret-pw@host:port/db")]
    [InlineData("postgres://app:secret-pw%zz@host/db")]
    [InlineData("postgres://app:secret-pw@[::1/db")]
    [InlineData("")]
    public void Malformed_urls_throw_FormatException_without_the_password(string url)
    {
        var error = Assert.Throws<FormatException>(() => new Hyperdrive(url));

        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_opens_a_socket_to_the_host_and_port_in_the_current_request()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var hyperdrive = new Hyperdrive($"postgres://app:pw@127.0.0.1:{port}/db");
        var accepted = listener.AcceptTcpClientAsync();

        SocketInfo? info = null;
        await WorkerContext.RunAsync(
            async _ =>
            {
                await using var socket = hyperdrive.Connect();
                info = await socket.Opened.WaitAsync(TimeSpan.FromSeconds(10));
            },
            SocketPolicy.Development).WaitAsync(TimeSpan.FromSeconds(10));

        using var peer = await accepted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal($"127.0.0.1:{port}", info!.RemoteAddress);
    }

    [Fact]
    public void Null_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new Hyperdrive(null!));
    }
}
