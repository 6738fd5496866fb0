using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WorkerSockets.Hosting.Hyperdrive.Origin;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Tests.Infrastructure;

/// <summary>One backend message as a test client received it.</summary>
/// <param name="Type">The type byte.</param>
/// <param name="Body">The body.</param>
public sealed record PgMessage(char Type, byte[] Body)
{
    /// <summary>The SQLSTATE of an ErrorResponse.</summary>
    public string SqlState => PgMessageParser.ReadError(new ReadOnlySequence<byte>(Body)).SqlState;

    /// <summary>The severity of an ErrorResponse.</summary>
    public string Severity => PgMessageParser.ReadError(new ReadOnlySequence<byte>(Body)).Severity;

    /// <inheritdoc/>
    public override string ToString() => Type == 'E' ? $"E {SqlState} {PgMessageParser.ReadError(new ReadOnlySequence<byte>(Body)).Message}" : $"{Type} ({Body.Length} bytes)";
}

/// <summary>
/// A byte-level PostgreSQL client for what real clients never send: garbage, truncated and out-of-order messages.
/// It speaks over any duplex pipe: a TCP connection to the loopback port, or an in-memory pipe straight into the pool.
/// </summary>
public sealed class PgTestClient : IAsyncDisposable
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IDisposable? _socket;

    private PgTestClient(PipeReader input, PipeWriter output, IDisposable? socket)
    {
        _input = input;
        _output = output;
        _socket = socket;
    }

    /// <summary>Connects over TCP to the pooler's loopback port.</summary>
    /// <param name="server">The pooler.</param>
    /// <returns>The client.</returns>
    public static async Task<PgTestClient> ConnectAsync(PoolerServer server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = new NetworkStream(socket, ownsSocket: true);
        return new PgTestClient(PipeReader.Create(stream), PipeWriter.Create(stream), stream);
    }

    /// <summary>Starts a session straight on <paramref name="pool"/> over in-memory pipes (no transport at all).</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="session">The session's task: it completes when the pool is done with this client.</param>
    /// <returns>The client.</returns>
    public static PgTestClient InMemory(HyperdrivePool pool, out Task session) => InMemory(pool, HyperdriveClientTransport.Network, out session);

    /// <summary>Starts a session straight on <paramref name="pool"/> over in-memory pipes, served as arriving over <paramref name="transport"/>.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="transport">What the pool is told about how the client reached it.</param>
    /// <param name="session">The session's task: it completes when the pool is done with this client.</param>
    /// <returns>The client.</returns>
    public static PgTestClient InMemory(HyperdrivePool pool, HyperdriveClientTransport transport, out Task session)
        => InMemory(pool, transport, PipeOptions.Default, out session);

    /// <summary>As <see cref="InMemory(HyperdrivePool, HyperdriveClientTransport, out Task)"/>, with the pool-to-client pipe made with <paramref name="toClientOptions"/> (for example a pause threshold that makes every flush wait for this client to read).</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="transport">What the pool is told about how the client reached it.</param>
    /// <param name="toClientOptions">Options of the pipe the pool writes to.</param>
    /// <param name="session">The session's task: it completes when the pool is done with this client.</param>
    /// <returns>The client.</returns>
    public static PgTestClient InMemory(HyperdrivePool pool, HyperdriveClientTransport transport, PipeOptions toClientOptions, out Task session)
    {
        var toServer = new Pipe();
        var toClient = new Pipe(toClientOptions);
        session = pool.ServeAsync(new DuplexPipe(toServer.Reader, toClient.Writer), transport, CancellationToken.None);
        return new PgTestClient(toClient.Reader, toServer.Writer, null);
    }

    /// <summary>Sends a startup message and answers SCRAM-SHA-256 or a cleartext-password request, as asked; returns what came back until ReadyForQuery or an error.</summary>
    /// <param name="credentials">User, password and database.</param>
    /// <returns>The messages.</returns>
    public async Task<List<PgMessage>> LogInAsync(HyperdriveClientCredentials credentials)
    {
        await SendAsync(Startup(("user", credentials.User), ("database", credentials.Database)));
        var received = new List<PgMessage>();
        var scram = new ScramSha256Client(credentials.Password);
        while (await ReadAsync() is { } message)
        {
            received.Add(message);
            if (message.Type is 'Z' or 'E')
            {
                break;
            }

            if (message.Type != 'R')
            {
                continue;
            }

            switch (BinaryPrimitives.ReadInt32BigEndian(message.Body))
            {
                case 3:
                    await SendAsync(Message('p', CString(credentials.Password)));
                    break;
                case 10:
                    var first = scram.ClientFirstMessage();
                    await SendAsync(Message('p', [.. CString(ScramSha256Client.Mechanism), .. Int32(first.Length), .. first]));
                    break;
                case 11:
                    await SendAsync(Message('p', scram.ClientFinalMessage(Encoding.UTF8.GetString(message.Body, 4, message.Body.Length - 4))));
                    break;
            }
        }

        return received;
    }

    /// <summary>Writes bytes and flushes.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>A task that completes when flushed.</returns>
    public async Task SendAsync(byte[] bytes) => await _output.WriteAsync(bytes);

    /// <summary>Ends the client's side of the stream (end of stream, no Terminate).</summary>
    /// <returns>A task that completes when done.</returns>
    public async Task EndAsync() => await _output.CompleteAsync();

    /// <summary>Reads one whole message; null at end of stream.</summary>
    /// <returns>The message.</returns>
    public async Task<PgMessage?> ReadAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync();
            var buffer = result.Buffer;
            if (PgFrameReader.TryRead(ref buffer, int.MaxValue, out var frame) == PgFrameStatus.Complete)
            {
                var message = new PgMessage((char)frame.Type, frame.Body.ToArray());
                _input.AdvanceTo(buffer.Start);
                return message;
            }

            if (buffer.Length == 1 && buffer.FirstSpan[0] == (byte)'N')
            {
                _input.AdvanceTo(buffer.End);
                return new PgMessage('N', []); // the one-byte answer to SSLRequest
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Reads every message until the server ends the stream.</summary>
    /// <returns>The messages.</returns>
    public async Task<List<PgMessage>> ReadToEndAsync()
    {
        var messages = new List<PgMessage>();
        while (await ReadAsync() is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>Reads until a ReadyForQuery (included) or the end of stream.</summary>
    /// <returns>The messages.</returns>
    public async Task<List<PgMessage>> ReadUntilReadyAsync()
    {
        var messages = new List<PgMessage>();
        while (await ReadAsync() is { } message)
        {
            messages.Add(message);
            if (message.Type == 'Z')
            {
                break;
            }
        }

        return messages;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _output.CompleteAsync();
        await _input.CompleteAsync();
        _socket?.Dispose();
    }

    /// <summary>A startup message with protocol 3.0 and the given parameters.</summary>
    /// <param name="parameters">Name and value pairs.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Startup(params (string Name, string Value)[] parameters)
    {
        byte[] body = [.. Int32(PgFrontend.ProtocolVersion3), .. parameters.SelectMany(p => CString(p.Name).Concat(CString(p.Value))), 0];
        return [.. Int32(body.Length + 4), .. body];
    }

    /// <summary>A typed message.</summary>
    /// <param name="type">The type byte.</param>
    /// <param name="body">The body.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Message(char type, byte[] body) => [(byte)type, .. Int32(body.Length + 4), .. body];

    /// <summary>A simple Query.</summary>
    /// <param name="sql">The SQL.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Query(string sql) => Message('Q', CString(sql));

    /// <summary>A Parse without parameter types.</summary>
    /// <param name="name">The statement name.</param>
    /// <param name="sql">The SQL.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Parse(string name, string sql) => Message('P', [.. CString(name), .. CString(sql), 0, 0]);

    /// <summary>A Bind without parameters, text results.</summary>
    /// <param name="portal">The portal name.</param>
    /// <param name="statement">The statement name.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Bind(string portal, string statement) => Message('B', [.. CString(portal), .. CString(statement), 0, 0, 0, 0, 0, 0]);

    /// <summary>An Execute of all rows.</summary>
    /// <param name="portal">The portal name.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Execute(string portal) => Message('E', [.. CString(portal), 0, 0, 0, 0]);

    /// <summary>A Describe or Close of a statement (<c>S</c>) or portal (<c>P</c>).</summary>
    /// <param name="type"><c>D</c> or <c>C</c>.</param>
    /// <param name="kind"><c>S</c> or <c>P</c>.</param>
    /// <param name="name">The name.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Target(char type, char kind, string name) => Message(type, [(byte)kind, .. CString(name)]);

    /// <summary>Sync.</summary>
    public static byte[] Sync => Message('S', []);

    /// <summary>Terminate.</summary>
    public static byte[] Terminate => Message('X', []);

    /// <summary>A big-endian int32.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>A NUL-terminated UTF-8 string.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The bytes.</returns>
    public static byte[] CString(string value) => [.. Encoding.UTF8.GetBytes(value), 0];

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
