namespace WorkerSockets;

/// <summary>Options for <see cref="Sockets.Connect(string, SocketOptions?)"/>, as the options object of <c>connect()</c>.</summary>
public sealed record SocketOptions
{
    /// <summary>Whether the socket uses TLS from the start, never, or after <see cref="WorkerSocket.StartTls"/>.</summary>
    public SecureTransport SecureTransport { get; init; } = SecureTransport.Off;

    /// <summary>When <see langword="false"/> (the default), the writable side closes once the peer ends its side.</summary>
    public bool AllowHalfOpen { get; init; }

    /// <summary>TLS settings used when <see cref="SecureTransport"/> is <see cref="SecureTransport.On"/>.</summary>
    public TlsOptions? Tls { get; init; }
}
