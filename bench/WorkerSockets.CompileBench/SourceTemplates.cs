namespace WorkerSockets.CompileBench;

/// <summary>
/// The kinds of file in the generated project. Per ten files: three socket clients written by the rules, two route
/// handlers, one legacy file that breaks the rules (fires WSK001-WSK003 and WSK006-WSK010), four plain helpers
/// (records, LINQ, streams: what CA2000 looks at, nothing WSK cares about).
/// </summary>
public static class SourceTemplates
{
    public static string Client(int area, int i) => $$"""
        using System.Buffers;
        using System.Text;
        using WorkerSockets;

        namespace Bench.Services.Area{{area}};

        /// <summary>A small text-protocol client that follows every rule.</summary>
        public sealed class Client{{i}}
        {
            private readonly string _host;
            private readonly int _port;

            public Client{{i}}(string host, int port)
            {
                _host = host;
                _port = port;
            }

            public async Task<string> QueryAsync(string command, WorkerContext ctx)
            {
                var socket = Sockets.Connect(_host, _port);
                await socket.Opened;
                await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"));
                var result = await socket.Readable.ReadAsync();
                var text = Encoding.UTF8.GetString(result.Buffer.ToArray());
                socket.Readable.AdvanceTo(result.Buffer.End);
                ctx.WaitUntil(socket.CloseAsync());
                return text;
            }

            public async Task<int> PingAsync()
            {
                await using var socket = Sockets.Connect($"{_host}:{_port}", new SocketOptions { AllowHalfOpen = true });
                var info = await socket.Opened;
                return info.RemoteAddress?.Length ?? 0;
            }

            public async Task<byte[]> SecureFetchAsync(string host)
            {
                var plain = Sockets.Connect(host, {{6379 + (i % 7)}}, new SocketOptions { SecureTransport = SecureTransport.StartTls });
                var secure = plain.StartTls(new TlsOptions { ExpectedServerHostname = host });
                await using (secure)
                {
                    await secure.Opened;
                    var read = await secure.Readable.ReadAsync();
                    var bytes = read.Buffer.ToArray();
                    secure.Readable.AdvanceTo(read.Buffer.End);
                    return bytes;
                }
            }

            public async Task<long> CountLinesAsync(string command)
            {
                await using var socket = Sockets.Connect(_host, _port);
                await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(command));
                long lines = 0;
                while (true)
                {
                    var result = await socket.Readable.ReadAsync();
                    foreach (var segment in result.Buffer)
                    {
                        lines += segment.Span.Count((byte)'\n');
                    }

                    socket.Readable.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        return lines;
                    }
                }
            }
        }

        """;

    public static string RouteHandler(int area, int i) => $$"""
        using System.Net;
        using System.Text;
        using WorkerSockets;

        namespace Bench.Handlers.Area{{area}};

        /// <summary>Answers one route from a backend reached over a socket.</summary>
        public sealed class RouteHandler{{i}}
        {
            private const string Backend = "backend-{{i}}.internal:{{7000 + (i % 100)}}";

            public async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, WorkerContext ctx)
            {
                var path = request.RequestUri?.AbsolutePath ?? "/";
                if (path.StartsWith("/health", StringComparison.Ordinal))
                {
                    return new HttpResponseMessage(HttpStatusCode.OK);
                }

                var socket = Sockets.Connect(Backend);
                try
                {
                    await socket.Opened;
                    await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes("GET " + path + "\n"));
                    var result = await socket.Readable.ReadAsync();
                    var body = Encoding.UTF8.GetString(result.Buffer.FirstSpan);
                    socket.Readable.AdvanceTo(result.Buffer.End);
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) };
                }
                catch (Exception e) when (e is IOException or InvalidOperationException)
                {
                    return new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(e.Message) };
                }
                finally
                {
                    ctx.WaitUntil(socket.CloseAsync());
                }
            }

            public static bool Matches(HttpRequestMessage request) =>
                request.Method == HttpMethod.Get && request.RequestUri?.AbsolutePath.StartsWith("/r{{i}}", StringComparison.Ordinal) == true;
        }

        """;

    public static string Legacy(int area, int i) => $$"""
        using WorkerSockets;

        namespace Bench.Legacy.Area{{area}};

        /// <summary>Code written before the analyzers: each method breaks one rule.</summary>
        public static class Legacy{{i}}
        {
            public static WorkerSocket? Cached;

            public static void DropsClose(string host)
            {
                var socket = Sockets.Connect(host, 5432);
                _ = socket.CloseAsync();
            }

            public static SocketInfo Blocks(string host)
            {
                var socket = Sockets.Connect(host + ":6379");
                var info = socket.Opened.Result;
                socket.CloseAsync().Wait();
                return info;
            }

            public static void Caches(string host) => Cached = Sockets.Connect(host, 11211);

            public static async Task UsesHttpPort(string host)
            {
                await using var socket = Sockets.Connect(host, 443);
                await socket.Opened;
            }

            public static async Task SendsMail(string host)
            {
                await using var socket = Sockets.Connect(host + ":25");
                await socket.Opened;
            }

            public static async Task OpensMany(string host)
            {
                var sockets = new List<WorkerSocket>();
                for (var n = 0; n < 10; n++)
                {
                    sockets.Add(Sockets.Connect(host, 9000 + n));
                }

                foreach (var socket in sockets)
                {
                    await socket.CloseAsync();
                }
            }

            public static async Task UsesOldSocket(string host)
            {
                var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
                var secure = plain.StartTls();
                await plain.Writable.WriteAsync(new byte[] { 1 });
                await secure.CloseAsync();
            }

            public static async Task LeavesOpen(string host)
            {
                var socket = Sockets.Connect(host, {{8000 + (i % 100)}});
                await socket.Opened;
            }

            public static void Escapes(string host) => Task.Run(async () =>
            {
                var socket = Sockets.Connect(host, 6380);
                await socket.CloseAsync();
            });
        }

        """;

    public static string Helper(int area, int i) => $$"""
        using System.Globalization;
        using System.Security.Cryptography;
        using System.Text;

        namespace Bench.Helpers.Area{{area}};

        public sealed record Order{{i}}(int Id, string Customer, decimal Amount, DateTime CreatedAt);

        /// <summary>Business logic with no sockets in it.</summary>
        public static class Helper{{i}}
        {
            public static IReadOnlyList<Order{{i}}> TopOrders(IEnumerable<Order{{i}}> orders, int count) =>
                orders.Where(o => o.Amount > 0).OrderByDescending(o => o.Amount).ThenBy(o => o.Id).Take(count).ToList();

            public static string Describe(Order{{i}} order)
            {
                var builder = new StringBuilder();
                builder.Append("Order ").Append(order.Id).Append(" for ").Append(order.Customer);
                builder.Append(": ").Append(order.Amount.ToString("F2", CultureInfo.InvariantCulture));
                return builder.ToString();
            }

            public static byte[] Hash(string text)
            {
                using var sha = SHA256.Create();
                return sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            }

            public static string Encode(string text)
            {
                var stream = new MemoryStream();
                var writer = new StreamWriter(stream);
                writer.Write(text);
                writer.Flush();
                return Convert.ToBase64String(stream.ToArray());
            }

            public static Dictionary<string, decimal> TotalsByCustomer(IEnumerable<Order{{i}}> orders) =>
                orders.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));

            public static async Task<string> ReadAllAsync(Stream input, CancellationToken cancellationToken)
            {
                using var reader = new StreamReader(input, leaveOpen: true);
                return await reader.ReadToEndAsync(cancellationToken);
            }

            public static Order{{i}}? Parse(string line)
            {
                var parts = line.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length != 4 || !int.TryParse(parts[0], out var id) || !decimal.TryParse(parts[2], CultureInfo.InvariantCulture, out var amount))
                {
                    return null;
                }

                return new Order{{i}}(id, parts[1], amount, DateTime.Parse(parts[3], CultureInfo.InvariantCulture));
            }

            public static int Revision => {{i}};
        }

        """;

    public static string Worker(int firstHandler) => $$"""
        using System.Net;
        using WorkerSockets;

        namespace Bench;

        [Worker]
        public partial class AppWorker
        {
            public async Task<HttpResponseMessage> Fetch(HttpRequestMessage request, Env env, WorkerContext ctx)
            {
                if (Bench.Handlers.Area0.RouteHandler{{firstHandler}}.Matches(request))
                {
                    return await new Bench.Handlers.Area0.RouteHandler{{firstHandler}}().HandleAsync(request, ctx);
                }

                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }
        }

        """;

    public static string Env(bool withBindings) => withBindings
        ? """
            using WorkerSockets;

            namespace Bench;

            [WorkerEnv]
            public partial class Env
            {
                [Var("GREETING")]
                public partial string Greeting { get; }

                [Secret("DB_PASSWORD")]
                public partial string DbPassword { get; }

                [Hyperdrive("HYPERDRIVE")]
                public partial Hyperdrive Database { get; }
            }

            """
        : """
            using WorkerSockets;

            namespace Bench;

            [WorkerEnv]
            public partial class Env
            {
            }

            """;

    public const string WranglerToml = """
        name = "bench-app"
        main = "AppWorker.cs"
        compatibility_date = "2025-01-01"

        [vars]
        REGION = "eu"
        MAX_ITEMS = 50
        FEATURE_FLAGS = { search = true, export = false }

        """;
}
