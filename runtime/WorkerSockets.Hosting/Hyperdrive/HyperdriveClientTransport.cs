namespace WorkerSockets.Hosting.Hyperdrive;

/// <summary>
/// How a client reaches a <see cref="HyperdrivePool"/>. It decides how the client proves the pool's credentials: the
/// check is always made, but a password only needs protecting where it could be read on its way.
/// </summary>
public enum HyperdriveClientTransport
{
    /// <summary>
    /// Over a byte stream that may cross a socket (the loopback TCP port, or any transport not known to stay in
    /// process): the password is proved with SCRAM-SHA-256 and never sent. The default.
    /// </summary>
    Network,

    /// <summary>
    /// Over in-memory pipes inside this process (a request's socket to <c>&lt;id&gt;.hyperdrive.local</c>): the password is
    /// sent in <c>AuthenticationCleartextPassword</c>'s answer and compared in constant time. Nothing crosses a wire, so
    /// there is nobody to read or replay it, and the login is one round trip with no key stretching.
    /// </summary>
    InProcess,
}
