using System.Buffers.Binary;
using System.Net.Sockets;
using WorkerSockets.Hosting.Hyperdrive.Protocol;

namespace WorkerSockets.Hosting.Hyperdrive.Origin;

/// <summary>A PostgreSQL backend's cancel key, from its <c>BackendKeyData</c>.</summary>
internal readonly record struct BackendKey(int ProcessId, int SecretKey);

/// <summary>
/// A connection to the origin that carries one <c>CancelRequest</c> and nothing else, as PostgreSQL's protocol asks:
/// it is opened (TCP, then SSLRequest and TLS as <see cref="OriginSettings.SslMode"/> says, exactly as an
/// <see cref="OriginConnection"/> is) before the pooler decides which backend to name, so that the decision and the
/// send are as close together as they can be.
/// </summary>
internal sealed class OriginCancel : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;

    private OriginCancel(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>
    /// Connects and negotiates TLS when the settings ask for it; no startup packet is sent. PostgreSQL accepts an
    /// SSLRequest ahead of a CancelRequest, so the secret crosses the wire encrypted whenever the pool's own connections are.
    /// </summary>
    /// <exception cref="OriginException">The origin cannot be reached or refuses TLS that the settings require.</exception>
    public static Task<OriginCancel> ConnectAsync(OriginSettings settings, SocketPolicy tls, CancellationToken cancellationToken)
        => OriginTransport.ConnectAsync(
            settings, tls, purpose: " to cancel a query", static (socket, stream, _) => Task.FromResult(new OriginCancel(socket, stream)), cancellationToken);

    /// <summary>
    /// Sends the CancelRequest, then waits for the origin to close the connection: the postmaster closes it only after
    /// it has signalled the backend, so when this returns the cancel can no longer arrive late.
    /// </summary>
    public async Task SendAsync(BackendKey key, CancellationToken cancellationToken)
    {
        var request = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(request, request.Length);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), PgFrontend.CancelRequestCode);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), key.ProcessId);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(12), key.SecretKey);
        try
        {
            await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            var sink = new byte[64];
            while (await _stream.ReadAsync(sink, cancellationToken).ConfigureAwait(false) > 0)
            {
                // PostgreSQL answers a CancelRequest with nothing; anything else is ignored until it closes.
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new OriginException($"The cancel connection to the origin failed: {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync() => OriginTransport.DisposeQuietlyAsync(_socket, _stream);
}
