namespace WorkerSockets;

/// <summary>TLS settings for <see cref="WorkerSocket.StartTls"/> or <see cref="SecureTransport.On"/>.</summary>
public sealed record TlsOptions
{
    /// <summary>The host name the server certificate must match and the SNI sent; defaults to the host connected to.</summary>
    /// <remarks>An empty name is refused (<see cref="ArgumentException"/> at <c>Connect</c> or <c>StartTls</c>): it never turns the name check off.</remarks>
    public string? ExpectedServerHostname { get; init; }

    /// <summary>workerd hands an empty name to OpenSSL, which then checks no name at all; here the name check has no off switch.</summary>
    internal static void ThrowIfEmptyName(TlsOptions? options)
    {
        if (options?.ExpectedServerHostname is { Length: 0 })
        {
            throw new ArgumentException(
                "TlsOptions.ExpectedServerHostname is empty. Give the name the server's certificate lists, or leave it null to check the host "
                + "connected to; an empty name does not turn the certificate's name check off.");
        }
    }
}
