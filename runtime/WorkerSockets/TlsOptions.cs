namespace WorkerSockets;

/// <summary>TLS settings for <see cref="WorkerSocket.StartTls"/> or <see cref="SecureTransport.On"/>.</summary>
public sealed record TlsOptions
{
    /// <summary>The host name the server certificate must match and the SNI sent; defaults to the host connected to.</summary>
    public string? ExpectedServerHostname { get; init; }
}
