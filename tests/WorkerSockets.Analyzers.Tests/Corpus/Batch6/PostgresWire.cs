// Batch 6: a PostgreSQL client over connect(), the way pg-cloudflare / postgres.js do it: SSLRequest, then StartTls,
// then the startup message and a simple query. Several developers, several shapes.
using System;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch6.PostgresWire;

public sealed class Env
{
    public Hyperdrive Db { get; init; } = null!;
    public string PgHost { get; init; } = "db.internal";
}

internal static class Wire
{
    private static readonly byte[] SslRequest = [0, 0, 0, 8, 4, 210, 22, 47];

    // Borrows: only writes and reads.
    public static async Task<bool> RequestSslAsync(WorkerSocket socket, CancellationToken token = default)
    {
        await socket.Writable.WriteAsync(SslRequest, token);
        var answer = await socket.Readable.ReadAsync(token);
        var accepted = answer.Buffer.FirstSpan[0] == (byte)'S';
        socket.Readable.AdvanceTo(answer.Buffer.GetPosition(1));
        return accepted;
    }

    public static async Task StartupAsync(WorkerSocket socket, string user, string database)
    {
        var body = Encoding.UTF8.GetBytes($"user\0{user}\0database\0{database}\0\0");
        var message = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 196608);
        body.CopyTo(message, 8);
        await socket.Writable.WriteAsync(message);
    }

    public static async Task<string> SimpleQueryAsync(WorkerSocket socket, string sql)
    {
        var text = Encoding.UTF8.GetBytes(sql + "\0");
        var message = new byte[5 + text.Length];
        message[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + text.Length);
        text.CopyTo(message, 5);
        await socket.Writable.WriteAsync(message);
        var result = await socket.Readable.ReadAsync();
        return Encoding.UTF8.GetString(result.Buffer.FirstSpan);
    }

    // Takes ownership: sends Terminate and closes.
    public static async Task TerminateAsync(WorkerSocket socket)
    {
        await socket.Writable.WriteAsync(new byte[] { (byte)'X', 0, 0, 0, 4 });
        await socket.CloseAsync();
    }
}

public static class PgHandlers
{
    // Careful: the pg-cloudflare flow, reassigning the variable to the upgraded socket.
    public static async Task<string> QueryWithTlsAsync(Env env, string sql)
    {
        var socket = Sockets.Connect(env.PgHost, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        if (!await Wire.RequestSslAsync(socket))
        {
            await socket.CloseAsync();
            throw new InvalidOperationException("server refused SSL");
        }

        socket = socket.StartTls();
        try
        {
            await Wire.StartupAsync(socket, "app", "app");
            return await Wire.SimpleQueryAsync(socket, sql);
        }
        finally
        {
            await Wire.TerminateAsync(socket);
        }
    }

    // Careless: forgot the option, kept using the old socket after the upgrade.
    public static async Task<string> QueryCarelessAsync(Env env, string sql)
    {
        var socket = Sockets.Connect($"{env.PgHost}:5432");
        await Wire.RequestSslAsync(socket);
        await using var tls = socket.StartTls(); // expect: WSK005
        await Wire.StartupAsync(tls, "app", "app");
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(sql)); // expect: WSK006
        return await Wire.SimpleQueryAsync(tls, sql);
    }

    // Plain Hyperdrive query (the recommended way); closed by Terminate in a finally.
    public static async Task<string> HyperdriveQueryAsync(Env env, string sql)
    {
        var socket = env.Db.Connect();
        try
        {
            await Wire.StartupAsync(socket, env.Db.User, env.Db.Database);
            return await Wire.SimpleQueryAsync(socket, sql);
        }
        finally
        {
            await Wire.TerminateAsync(socket);
        }
    }

    // Forgot Terminate on the error path: returns early when the query text is empty.
    public static async Task<string> HyperdriveEarlyReturnAsync(Env env, string sql)
    {
        var socket = env.Db.Connect(); // expect: WSK007
        await Wire.StartupAsync(socket, env.Db.User, env.Db.Database);
        if (string.IsNullOrWhiteSpace(sql))
        {
            return "empty query";
        }

        var rows = await Wire.SimpleQueryAsync(socket, sql);
        await Wire.TerminateAsync(socket);
        return rows;
    }

    // Query helper borrows; nobody closes.
    public static async Task<HttpResponseMessage> RowsAsync(Env env)
    {
        var socket = env.Db.Connect(); // expect: WSK007
        await Wire.StartupAsync(socket, "app", "app");
        var rows = await Wire.SimpleQueryAsync(socket, "select 1");
        return new HttpResponseMessage { Content = new StringContent(rows) };
    }

    // A client object that owns the socket; built per request and disposed.
    public static async Task<string> ClientPerRequestAsync(Env env)
    {
        await using var client = new PgClient(env.Db.Connect());
        return await client.QueryAsync("select now()");
    }

    // The client object is built and never disposed: the socket it keeps is not this method's leak to report
    // (the constructor takes ownership); WSK007 is about the socket, not the wrapper.
    public static async Task<string> ClientNeverDisposedAsync(Env env)
    {
        var client = new PgClient(env.Db.Connect());
        return await client.QueryAsync("select 1");
    }

    // StartTls depending on a setting, ternary upgrade, one close at the end.
    public static async Task<string> MaybeTlsAsync(Env env, bool requireTls)
    {
        var plain = Sockets.Connect(env.PgHost, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var useTls = requireTls && await Wire.RequestSslAsync(plain);
        var socket = useTls ? plain.StartTls() : plain;
        await using (socket)
        {
            return await Wire.SimpleQueryAsync(socket, "select 1");
        }
    }
}

public sealed class PgClient : IAsyncDisposable
{
    private readonly WorkerSocket _socket;

    public PgClient(WorkerSocket socket) => _socket = socket;

    public Task<string> QueryAsync(string sql) => Wire.SimpleQueryAsync(_socket, sql);

    public ValueTask DisposeAsync() => new(Wire.TerminateAsync(_socket));
}
