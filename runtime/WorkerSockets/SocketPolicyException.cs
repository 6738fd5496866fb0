namespace WorkerSockets;

/// <summary>Thrown when <see cref="SocketPolicy"/> refuses a destination (port 25 at <c>Connect</c>; a denied address after DNS).</summary>
public sealed class SocketPolicyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the destination is refused.</param>
    public SocketPolicyException(string message)
        : base(message)
    {
    }
}
