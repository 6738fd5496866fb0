using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkerSockets.Hosting.HyperdriveHosting;
using WorkerSockets.Hosting.Tests.Infrastructure;
using WorkerSockets.Hosting.Tests.Workers;

namespace WorkerSockets.Hosting.Tests;

/// <summary>
/// The host pools each Hyperdrive binding in process: the binding describes <c>&lt;id&gt;.hyperdrive.local:5432</c> with
/// generated credentials, a connect to it reaches the pooler (which answers SSLRequest with N), settings come from options
/// and configuration and are logged, and the dev server can expose the pool on a loopback port.
/// </summary>
public sealed class HyperdrivePoolingTests
{
    private const string OriginPassword = "origin-s3cret";
    private const string Origin = $"postgres://app:{OriginPassword}@db.example.com:5432/orders?sslmode=require";

    [Fact]
    public async Task MapWorker_pools_the_binding_and_a_connect_reaches_the_pooler_in_process()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAppAsync(logs, new() { ["Hyperdrive:MaxConnections"] = "3", ["Hyperdrive:ORDERS_DB:MaxConnections"] = "7" });
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TestTimeouts.Default };

        var answer = await client.GetStringAsync("/hyperdrive");

        Assert.Matches(@"^[0-9a-f]{32}\.hyperdrive\.local:5432 user=app database=orders password=\S{20,} ssl=N url=postgres://app:\S+@[0-9a-f]{32}\.hyperdrive\.local:5432/orders\?sslmode=disable$", answer);
        Assert.DoesNotContain(OriginPassword, answer, StringComparison.Ordinal);
        var started = Assert.Single(logs.Entries.Select(e => e.Message), m => m.StartsWith("Hyperdrive ORDERS_DB: pooling", StringComparison.Ordinal));
        Assert.Contains("postgres://app:***@db.example.com:5432/orders", started, StringComparison.Ordinal);
        Assert.Contains("at most 7 origin connections", started, StringComparison.Ordinal);
        var caching = Assert.Single(logs.Entries.Select(e => e.Message), m => m.StartsWith("Hyperdrive ORDERS_DB: query cache", StringComparison.Ordinal));
        Assert.StartsWith("Hyperdrive ORDERS_DB: query cache on (max_age 60 s, stale_while_revalidate 15 s,", caching, StringComparison.Ordinal); // on by default
        Assert.EndsWith("set Hyperdrive:ORDERS_DB:CacheEnabled to change it", caching, StringComparison.Ordinal);
        var generated = answer.Split(' ').Single(p => p.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
        Assert.DoesNotContain(logs.Entries.Select(e => e.Message), m => m.Contains(OriginPassword, StringComparison.Ordinal) || m.Contains(generated, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_config_id_names_the_pooled_host()
    {
        await using var app = await StartAppAsync(null, new() { ["Hyperdrive:Pooling"] = "true" });
        var pools = app.Services.GetRequiredService<HyperdrivePools>();
        var binding = Assert.Single(pools.Bindings);
        Assert.Equal("ORDERS_DB", binding.BindingName);
        Assert.EndsWith(".hyperdrive.local", binding.Endpoint.Host, StringComparison.Ordinal);
        Assert.Equal(20, binding.Settings.MaxConnections);
    }

    [Fact]
    public async Task With_pooling_off_the_binding_describes_the_origin_directly()
    {
        await using var app = await StartAppAsync(null, new() { ["Hyperdrive:Pooling"] = "false" });
        Assert.Empty(app.Services.GetRequiredService<HyperdrivePools>().Bindings);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TestTimeouts.Default };

        using var response = await client.GetAsync("/hyperdrive");

        // The production policy refuses db.example.com's connect long before any TLS: the handler fails, the host answers 500.
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public void A_malformed_pool_setting_fails_start_up_as_a_binding_problem_naming_the_key()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(Bindings(new() { ["Hyperdrive:ORDERS_DB:AcquireTimeout"] = "soon" }));
        builder.Services.AddWorkerHosting();
        var app = builder.Build();

        var error = Assert.Throws<WorkerBindingException>(() => app.MapWorker<TestWorker>());

        Assert.Equal(
            ["ORDERS_DB (hyperdrive): Configuration Hyperdrive:ORDERS_DB:AcquireTimeout: expected a positive duration: seconds (30) or a TimeSpan (00:00:30)."],
            error.Problems);
    }

    [Fact]
    public async Task Pools_are_released_when_the_host_stops()
    {
        var app = await StartAppAsync(null, []);
        var pools = app.Services.GetRequiredService<HyperdrivePools>();
        Assert.Single(pools.Bindings);

        await app.StopAsync();
        await app.DisposeAsync();

        Assert.Empty(pools.Bindings);
    }

    [Fact]
    public async Task The_dev_server_exposes_the_pool_on_a_loopback_port_with_hyperdrive_port()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await DevServer.StartAsync(logs, null, "--hyperdrive-port", "0", "--ORDERS_DB", Origin);
        var exposed = Assert.Single(logs.Entries.Select(e => e.Message), m => m.StartsWith("Hyperdrive ORDERS_DB: also served to PostgreSQL clients on 127.0.0.1:", StringComparison.Ordinal));
        var port = int.Parse(exposed["Hyperdrive ORDERS_DB: also served to PostgreSQL clients on 127.0.0.1:".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(host.Address.Port, port);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(TestWorker.SslRequest());
        var reply = new byte[1];
        await stream.ReadExactlyAsync(reply).AsTask().WaitAsync(TestTimeouts.Default);
        Assert.Equal((byte)'N', reply[0]);
        // Bytes cross a socket here: the password is proved with SCRAM-SHA-256 (AuthenticationSASL, code 10), never sent.
        await stream.WriteAsync(Startup("app", "orders"));
        var request = new byte[9];
        await stream.ReadExactlyAsync(request).AsTask().WaitAsync(TestTimeouts.Default);
        Assert.Equal(((byte)'R', 10), (request[0], BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(5))));
        Assert.DoesNotContain(logs.Entries.Select(e => e.Message), m => m.Contains(OriginPassword, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("the generated password", "app")]
    [InlineData("another password", "app")]
    [InlineData("the generated password", "someone_else")]
    public async Task The_in_process_destination_asks_for_a_cleartext_password_and_checks_it(string password, string user)
    {
        // The origin (db.example.com) is never reached here: a login that gets past the password check fails on it quickly.
        await using var app = await StartAppAsync(null, new() { ["Hyperdrive:ConnectTimeout"] = "2" });
        var binding = Assert.Single(app.Services.GetRequiredService<HyperdrivePools>().Bindings);
        var toPool = new Pipe();
        var fromPool = new Pipe();
        var served = ((IInProcessDestination)binding).ServeAsync(new TestDuplexPipe(toPool.Reader, fromPool.Writer), CancellationToken.None);

        await toPool.Writer.WriteAsync(Startup(user, "orders"));
        var request = await ReadMessageAsync(fromPool.Reader);
        string sent = password == "the generated password" ? binding.Endpoint.Password : "not-" + binding.Endpoint.Password;
        byte[] passwordMessage = [(byte)'p', .. BigEndian(sent.Length + 5), .. Encoding.UTF8.GetBytes(sent), 0];
        await toPool.Writer.WriteAsync(passwordMessage);
        var answer = await ReadMessageAsync(fromPool.Reader);

        Assert.Equal(((byte)'R', 3), (request[0], BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(5))));
        if (password == "the generated password" && user == "app")
        {
            // Accepted: the pool goes on to the origin for its parameters, and reports that it cannot connect.
            Assert.Equal((byte)'E', answer[0]);
            Assert.Contains("C08001\0", Encoding.UTF8.GetString(answer), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal((byte)'E', answer[0]);
            Assert.Contains("C28P01\0", Encoding.UTF8.GetString(answer), StringComparison.Ordinal);
        }

        await toPool.Writer.CompleteAsync();
        await served.WaitAsync(TestTimeouts.Default);
    }

    private static byte[] Startup(string user, string database)
    {
        byte[] parameters = [.. Encoding.UTF8.GetBytes($"user\0{user}\0database\0{database}\0"), 0];
        return [.. BigEndian(parameters.Length + 8), .. BigEndian(196608), .. parameters];
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static async Task<byte[]> ReadMessageAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);
            var buffer = result.Buffer;
            if (buffer.Length >= 5)
            {
                var header = buffer.Slice(0, 5).ToArray();
                long total = 1 + BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
                if (buffer.Length >= total)
                {
                    var message = buffer.Slice(0, total).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(total));
                    return message;
                }
            }

            Assert.False(result.IsCompleted, "the pool ended the stream before a whole message");
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private sealed class TestDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    [Theory]
    [InlineData(new[] { "--hyperdrive-port", "6543" }, 6543)]
    [InlineData(new[] { "--hyperdrive-port=0", "--port", "9000" }, 0)]
    public void The_hyperdrive_port_flag_is_the_dev_servers_own(string[] args, int expected)
    {
        var parsed = DevServerArguments.Parse(args);
        Assert.Equal(expected, parsed.HyperdrivePort);
        Assert.Empty(parsed.Remaining);
        Assert.Null(DevServerArguments.Parse(["--port", "9000"]).HyperdrivePort);
    }

    [Fact]
    public void A_malformed_hyperdrive_port_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => DevServerArguments.Parse(["--hyperdrive-port", "pg"]));
        Assert.StartsWith("--hyperdrive-port pg: not a TCP port", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Bindings(Dictionary<string, string?> extra)
    {
        var values = new Dictionary<string, string?> { ["ECHO_ADDRESS"] = "127.0.0.1:9", ["GREETING"] = "hi", ["DB_PASSWORD"] = "s3cret", ["ORDERS_DB"] = Origin };
        foreach (var (key, value) in extra)
            values[key] = value;
        return values;
    }

    private static async Task<WebApplication> StartAppAsync(CapturingLoggerProvider? logs, Dictionary<string, string?> configuration)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(Bindings(configuration));
        builder.Services.AddWorkerHosting();
        var app = builder.Build();
        app.MapWorker<TestWorker>();
        await app.StartAsync();
        return app;
    }
}
