namespace WorkerSockets;

/// <summary>Whether and when a socket speaks TLS, as the <c>secureTransport</c> option of <c>connect()</c>.</summary>
public enum SecureTransport
{
    /// <summary>Plain TCP.</summary>
    Off,

    /// <summary>TLS from the first byte.</summary>
    On,

    /// <summary>Plain TCP that may later be upgraded with <see cref="WorkerSocket.StartTls"/>.</summary>
    StartTls,
}
