namespace WorkerSockets.Internal;

/// <summary>The runtime's error messages, word for word from the reference implementation where it has one.</summary>
internal static class SocketErrors
{
    public const string GlobalScope =
        "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or connect()), setting a timeout, "
        + "and generating random values are not allowed within global scope. To fix this error, perform this operation within a handler. "
        + "https://developers.cloudflare.com/workers/runtime-apis/handlers/";

    public const string CrossRequest =
        "Cannot perform I/O on behalf of a different request. I/O objects (such as streams, request/response bodies, and others) "
        + "created in the context of one request handler cannot be accessed from a different request's handler. "
        + "This is a limitation of WorkerSockets, which binds every socket to the request that opened it.";

    /// <summary>The cross-request error for a socket whose own request has ended: workerd's text, then what happened.</summary>
    public const string RequestEnded = CrossRequest
        + " The request that opened this socket has ended, and its sockets ended with it; open a new socket in this request.";

    public const string ReadableClosing = "This ReadableStream belongs to an object that is closing.";

    /// <summary>A write after CloseAsync while the close still waits for the connection (workerd's pending closure).</summary>
    public const string WritableClosing = "This WritableStream belongs to an object that is closing.";

    /// <summary>A write once the writable side is closing or closed: CloseAsync, Writable.Complete, the peer's end (no half-open), a lost connection.</summary>
    public const string WritableClosed = "This WritableStream has been closed.";

    /// <summary>A read that was waiting when the handler closed the socket.</summary>
    public const string SocketClosed = "This socket has been closed.";

    /// <summary>A read or write failed because the connection broke (reset by the peer, broken pipe).</summary>
    public const string ConnectionLost = "Network connection lost.";

    public const string ProxyRequestFailed = "proxy request failed, cannot connect to the specified address";

    public const string HttpHint = ". It looks like you might be trying to connect to a HTTP-based service — consider using fetch instead";

    public const string HttpHintInDotNet = " (in .NET: HttpClient)";

    public const string StartTlsOnTls = "Cannot startTls on a TLS socket.";

    public const string StartTlsAfterClose = "The connection was closed before startTls could be started.";

    /// <summary>startTls() after the handler completed the writable side (workerd accepts it and never opens).</summary>
    public const string StartTlsAfterWritableEnded =
        "startTls cannot start after the writable side was completed: Writable.Complete sent FIN, and a TLS handshake has to write. Upgrade before ending the writable.";

    public const string StartTlsTwice = "startTls has already been called on this socket, or the socket was transferred over RPC.";

    public const string StartTlsOptionMissing = "The `secureTransport` socket option must be set to 'starttls' for startTls to be used.";

    public const string ClosedBeforeOpen = "The socket was closed before it connected.";

    public const string ScopeEndedBeforeOpen = "The request that opened this socket ended before the socket could connect.";

    public const string AbortedAtScopeEnd = "The socket was aborted because the request that opened it ended.";

    public const string RequestAborted = "The socket was aborted because the request was aborted.";

    public const string ScopeEnded = "The request scope has ended; sockets cannot be opened after the request ended.";

    public const string ReadPendingAtStartTls = "A read was still pending on the plaintext socket when startTls was called; finish reading before upgrading.";

    public const string DataBeforeTlsHandshake = "The server sent data before the TLS handshake started; the upgrade was refused.";

    /// <summary>workerd's text for a secureTransport other than off/on/starttls; the value and the members follow it.</summary>
    public const string UnsupportedSecureTransport = "Unsupported value in secureTransport socket option: ";

    public const string PortAboveMaximum = "Value out of range. Must be less than or equal to 65535.";

    public const string PortNegative = "The value cannot be converted because it is negative and this API expects a positive number.";
}
