using System.Buffers.Binary;
using System.Net.Sockets;
using WorkerSockets.Hosting.Hyperdrive.Protocol;
using WorkerSockets.Internal;

namespace WorkerSockets.Hosting.Hyperdrive.Origin;

/// <summary>
/// The byte stream to the origin that every connection of the pool starts with, pooled or cancel-only: TCP, then
/// SSLRequest and TLS as <see cref="OriginSettings.SslMode"/> says.
/// </summary>
internal static class OriginTransport
{
    /// <summary>
    /// Connects and negotiates TLS when the settings ask for it, then runs <paramref name="start"/> on the stream (a login,
    /// or nothing). On any failure the socket is closed; what is not already an <see cref="OriginException"/> (or a
    /// cancellation) becomes one that names the origin, with <paramref name="purpose"/> after its address.
    /// </summary>
    /// <exception cref="OriginException">The origin cannot be reached, refuses TLS that the settings require, or <paramref name="start"/> failed.</exception>
    public static async Task<T> ConnectAsync<T>(
        OriginSettings settings, SocketPolicy tls, string purpose, Func<Socket, Stream, CancellationToken, Task<T>> start, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(settings.Host, settings.Port, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (settings.SslMode != OriginSslMode.Disable && await RequestTlsAsync(stream, settings, cancellationToken).ConfigureAwait(false))
            {
                stream = await TlsHandshake.AuthenticateAsync(stream, settings.Host, tls, cancellationToken).ConfigureAwait(false);
            }

            return await start(socket, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OriginException and not OperationCanceledException)
        {
            await DisposeQuietlyAsync(socket, stream).ConfigureAwait(false);
            throw new OriginException($"Could not connect to the origin database {settings.Host}:{settings.Port}{purpose}: {e.Message}", e);
        }
        catch
        {
            await DisposeQuietlyAsync(socket, stream).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes a connection that may already have failed.</summary>
    public static async ValueTask DisposeQuietlyAsync(Socket socket, Stream? stream)
    {
        try
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Closing a connection that already failed.
        }

        socket.Dispose();
    }

    /// <summary>Sends SSLRequest; true when the origin answered S and the TLS handshake must follow, false to go on in the clear.</summary>
    private static async Task<bool> RequestTlsAsync(Stream stream, OriginSettings settings, CancellationToken cancellationToken)
    {
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), PgFrontend.SslRequestCode);
        await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = new byte[1];
        await stream.ReadExactlyAsync(answer, cancellationToken).ConfigureAwait(false);
        return answer[0] switch
        {
            (byte)'S' => true,
            (byte)'N' when settings.SslMode == OriginSslMode.Prefer => false,
            (byte)'N' => throw new OriginException($"The origin database {settings.Host}:{settings.Port} does not accept TLS, and sslmode requires it."),
            _ => throw new OriginException("The origin answered the SSLRequest with neither S nor N."),
        };
    }
}
