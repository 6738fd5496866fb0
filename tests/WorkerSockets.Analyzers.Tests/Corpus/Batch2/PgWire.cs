// Batch 2 (written from docs/rules alone): an Npgsql-like PostgreSQL client that owns its WorkerSocket.
using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch2.PgWire;

public sealed class PgConnectionOptions
{
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 5432;
    public string User { get; init; } = "postgres";
    public string Database { get; init; } = "postgres";
    public bool RequireTls { get; init; }
}

public sealed class PgConnection : IAsyncDisposable
{
    private WorkerSocket _socket;
    private readonly PgConnectionOptions _options;

    private PgConnection(WorkerSocket socket, PgConnectionOptions options)
    {
        _socket = socket;
        _options = options;
    }

    public static async Task<PgConnection> OpenAsync(PgConnectionOptions options, CancellationToken cancellationToken = default)
    {
        var socketOptions = new SocketOptions { SecureTransport = options.RequireTls ? SecureTransport.StartTls : SecureTransport.Off };
        var socket = Sockets.Connect(options.Host, options.Port, socketOptions);
        var connection = new PgConnection(socket, options);
        try
        {
            await socket.Opened.ConfigureAwait(false);
            if (options.RequireTls)
            {
                await connection.NegotiateTlsAsync(cancellationToken).ConfigureAwait(false);
            }

            await connection.StartupAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task NegotiateTlsAsync(CancellationToken cancellationToken)
    {
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), 80877103);
        await _socket.Writable.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        var result = await _socket.Readable.ReadAsync(cancellationToken).ConfigureAwait(false);
        var answer = result.Buffer.FirstSpan[0];
        _socket.Readable.AdvanceTo(result.Buffer.GetPosition(1));
        if (answer != (byte)'S')
        {
            throw new InvalidOperationException("The server refused TLS.");
        }

        _socket = _socket.StartTls(new TlsOptions { ExpectedServerHostname = _options.Host });
        await _socket.Opened.ConfigureAwait(false);
    }

    private async Task StartupAsync(CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"user\0{_options.User}\0database\0{_options.Database}\0\0");
        var message = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 196608);
        body.CopyTo(message, 8);
        await _socket.Writable.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        var text = Encoding.UTF8.GetBytes(sql + "\0");
        var message = new byte[5 + text.Length];
        message[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + text.Length);
        text.CopyTo(message, 5);
        await _socket.Writable.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        var result = await _socket.Readable.ReadAsync(cancellationToken).ConfigureAwait(false);
        var length = result.Buffer.Length;
        _socket.Readable.AdvanceTo(result.Buffer.End);
        return length;
    }

    public async ValueTask DisposeAsync()
    {
        await _socket.CloseAsync().ConfigureAwait(false);
    }
}

public static class PgDirect
{
    // A hand-rolled SSLRequest where the socket was opened without the StartTls option.
    public static async Task<WorkerSocket> ConnectTlsAsync(string host)
    {
        var plain = Sockets.Connect(host, 5432);
        await plain.Writable.WriteAsync(new byte[] { 0, 0, 0, 8, 4, 210, 22, 47 });
        var tls = plain.StartTls(); // expect: WSK005
        await tls.Opened;
        return tls;
    }

    // The upgraded socket is used, the old one is only checked through Upgraded.
    public static async Task<bool> ProbeAsync(string host)
    {
        var options = new SocketOptions { SecureTransport = SecureTransport.StartTls };
        var socket = Sockets.Connect($"{host}:5432", options);
        await socket.Writable.WriteAsync(new byte[] { 0, 0, 0, 8, 4, 210, 22, 47 });
        await using var tls = socket.StartTls();
        await tls.Opened;
        return socket.Upgraded;
    }

    // Forgets the upgrade and keeps sending on the plaintext socket.
    public static async Task SendAfterUpgradeAsync(string host, ReadOnlyMemory<byte> query)
    {
        var socket = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = socket.StartTls();
        await tls.Opened;
        await socket.Writable.WriteAsync(query); // expect: WSK006
    }

    // Reads the first reply and forgets the socket.
    public static async Task<int> ReadVersionAsync(string host)
    {
        var socket = Sockets.Connect(host, 5432); // expect: WSK007
        var read = await socket.Readable.ReadAsync();
        var length = (int)read.Buffer.Length;
        socket.Readable.AdvanceTo(read.Buffer.End);
        return length;
    }

    // Using the connection class: disposed on every path.
    public static async Task<long> CountAsync(PgConnectionOptions options)
    {
        await using var connection = await PgConnection.OpenAsync(options);
        return await connection.ExecuteAsync("SELECT count(*) FROM customers");
    }
}
