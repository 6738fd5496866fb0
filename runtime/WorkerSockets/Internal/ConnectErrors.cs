using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace WorkerSockets.Internal;

/// <summary>
/// The errors that fault <c>Opened</c> and <c>Closed</c>: workerd's message word for word, then where (the destination as the
/// handler gave it) and why (the reason and the fix). The text names no resolved address; it is meant for the handler's logs.
/// </summary>
internal static class ConnectErrors
{
    private const string DevelopmentHint =
        "SocketPolicy.Production allows only public destinations; to reach local services while developing, use SocketPolicy.Development";

    /// <summary>The destination could not be resolved, reached, or was denied by the policy.</summary>
    /// <param name="host">The host as the handler gave it.</param>
    /// <param name="port">The port.</param>
    /// <param name="destination">The destination as the handler gave it (<c>host:port</c>).</param>
    /// <param name="inner">What failed: a <see cref="SocketPolicyException"/> or a <see cref="SocketException"/>.</param>
    public static IOException ConnectFailed(string host, int port, string destination, Exception? inner)
    {
        string why = inner switch
        {
            SocketPolicyException { DeniedKind: { } kind } => PolicyDenied(host, destination, kind),
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
                $"connecting to {destination} failed — the host name {host} could not be resolved (check the name and this machine's DNS)",
            SocketException when port == 0 =>
                $"connecting to {destination} failed — port 0 cannot be connected to (it only means \"any port\" when listening)",
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                $"connecting to {destination} failed — the connection was refused (is a server listening on port {port}?)",
            SocketException { SocketErrorCode: SocketError.TimedOut } =>
                $"connecting to {destination} failed — the server did not answer in time",
            SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable } e =>
                $"connecting to {destination} failed — the destination is unreachable ({e.SocketErrorCode})",
            SocketException e => $"connecting to {destination} failed — {e.SocketErrorCode}: {e.Message}",
            null => $"connecting to {destination} failed",
            _ => $"connecting to {destination} failed — {inner.Message}",
        };
        return new IOException(Prefix(port) + ": " + why, inner);
    }

    /// <summary>The TLS handshake (at connect, or after <c>StartTls</c>) failed.</summary>
    /// <param name="serverName">The name the certificate had to match.</param>
    /// <param name="port">The port.</param>
    /// <param name="destination">The destination as the handler gave it.</param>
    /// <param name="inner">The handshake's error.</param>
    public static IOException TlsFailed(string serverName, int port, string destination, Exception inner)
    {
        string why = inner switch
        {
            CertificateRejectedException { Errors: var errors } when errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) =>
                $"the server's certificate is not valid for the name {serverName} (connect by a name the certificate lists, or set TlsOptions.ExpectedServerHostname)",
            CertificateRejectedException { Errors: var errors } when errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) =>
                "the server sent no certificate",
            CertificateRejectedException =>
                "the server's certificate is not trusted (for a private certificate authority, trust its root with SocketPolicy.WithTrustedRoots)",
            IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } } =>
                "the server reset the connection during the handshake (is the port plaintext?)",
            AuthenticationException or IOException =>
                "the server did not answer in TLS (is the port plaintext?)",
            _ => inner.Message,
        };
        return new IOException($"{Prefix(port)}: TLS handshake with {destination} failed — {why}", inner);
    }

    private static string Prefix(int port) => port is 80 or 443
        ? SocketErrors.ProxyRequestFailed + SocketErrors.HttpHint + SocketErrors.HttpHintInDotNet
        : SocketErrors.ProxyRequestFailed;

    private static string PolicyDenied(string host, string destination, string kind)
    {
        if (kind.StartsWith("not ", StringComparison.Ordinal))
        {
            return $"connecting to {destination} failed — {host} is {kind}";
        }

        // An IP literal is the handler's own text; for a name, only the kind of address it resolved to is told.
        string what = System.Net.IPAddress.TryParse(host, out _) ? $"{host} is {kind}" : $"{host} resolves to {kind}";
        return $"connecting to {destination} was denied by the socket policy — {what} ({DevelopmentHint})";
    }
}
