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

    /// <summary>A denied address: <paramref name="kind"/> says what kind of address it is, never which one.</summary>
    internal SocketPolicyException(string message, string kind)
        : base(message)
    {
        DeniedKind = kind;
    }

    /// <summary>What kind of destination was denied ("a loopback address"); <see langword="null"/> for a blocked port.</summary>
    internal string? DeniedKind { get; }
}
