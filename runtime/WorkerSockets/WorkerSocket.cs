using System.IO.Pipelines;

namespace WorkerSockets;

/// <summary>An outbound TCP socket bound to the request that opened it, as the <c>Socket</c> of <c>cloudflare:sockets</c>.</summary>
public sealed class WorkerSocket : IAsyncDisposable
{
    private WorkerSocket()
    {
    }

    /// <summary>The bytes the peer sends.</summary>
    public PipeReader Readable => throw new NotImplementedException();

    /// <summary>The bytes sent to the peer.</summary>
    public PipeWriter Writable => throw new NotImplementedException();

    /// <summary>A duplex <see cref="System.IO.Stream"/> over <see cref="Readable"/> and <see cref="Writable"/>, for stream-based libraries.</summary>
    public Stream Stream => throw new NotImplementedException();

    /// <summary>Completes when the connection (and, for <see cref="SecureTransport.On"/>, the TLS handshake) succeeds; faults when it fails.</summary>
    public Task<SocketInfo> Opened => throw new NotImplementedException();

    /// <summary>Completes when the socket is closed; faults when the connection failed.</summary>
    public Task Closed => throw new NotImplementedException();

    /// <summary>Whether <see cref="StartTls"/> replaced this socket with a TLS one.</summary>
    public bool Upgraded => throw new NotImplementedException();

    /// <summary>The TLS mode of this socket.</summary>
    public SecureTransport SecureTransport => throw new NotImplementedException();

    /// <summary>Flushes queued writes and closes both sides; every call returns the <see cref="Closed"/> task.</summary>
    /// <returns>The <see cref="Closed"/> task.</returns>
    public Task CloseAsync() => throw new NotImplementedException();

    /// <summary>Upgrades this plaintext socket to TLS; this socket becomes unusable and the returned one speaks TLS.</summary>
    /// <param name="options">TLS settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The TLS socket.</returns>
    public WorkerSocket StartTls(TlsOptions? options = null) => throw new NotImplementedException();

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    /// <returns>A task that completes when the socket is closed.</returns>
    public ValueTask DisposeAsync() => new(CloseAsync());
}
