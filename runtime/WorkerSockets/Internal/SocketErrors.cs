namespace WorkerSockets.Internal;

/// <summary>The runtime's error messages, word for word from the reference implementation where it has one.</summary>
internal static class SocketErrors
{
    public const string GlobalScope =
        "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or connect()), setting a timeout, "
        + "and generating random values are not allowed within global scope. To fix this error, perform this operation within a handler.";

    public const string CrossRequest =
        "Cannot perform I/O on behalf of a different request. I/O objects (such as streams, request/response bodies, and others) "
        + "created in the context of one request handler cannot be accessed from a different request's handler. "
        + "This is a limitation of WorkerSockets, which binds every socket to the request that opened it.";

    public const string ReadableClosing = "This ReadableStream belongs to an object that is closing.";

    public const string WritableClosing = "This WritableStream belongs to an object that is closing.";

    public const string ProxyRequestFailed = "proxy request failed, cannot connect to the specified address";

    public const string HttpHint = ". It looks like you might be trying to connect to a HTTP-based service — consider using fetch instead";

    public const string StartTlsOnTls = "Cannot startTls on a TLS socket.";

    public const string StartTlsAfterClose = "The connection was closed before startTls could be started.";

    public const string StartTlsOptionMissing = "The `secureTransport` socket option must be set to 'starttls' for startTls to be used.";

    public const string StartTlsTwice = "startTls has already been called on this socket, or the socket was transferred over RPC.";

    public const string ClosedBeforeOpen = "The socket was closed before it connected.";

    public const string ScopeEndedBeforeOpen = "The request that opened this socket ended before the socket could connect.";

    public const string AbortedAtScopeEnd = "The socket was aborted because the request that opened it ended.";

    public const string RequestAborted = "The socket was aborted because the request was aborted.";

    public const string ScopeEnded = "The request scope has ended; sockets cannot be opened after the request ended.";

    public const string ReadPendingAtStartTls = "A read was still pending on the plaintext socket when startTls was called; finish reading before upgrading.";

    public const string DataBeforeTlsHandshake = "The server sent data before the TLS handshake started; the upgrade was refused.";

    /// <summary>The error that faults <c>Opened</c> and <c>Closed</c> when the destination cannot be reached or is denied.</summary>
    public static IOException ConnectFailed(int port, Exception? inner)
        => new(port is 80 or 443 ? ProxyRequestFailed + HttpHint : ProxyRequestFailed, inner);
}
