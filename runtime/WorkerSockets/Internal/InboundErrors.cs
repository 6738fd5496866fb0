namespace WorkerSockets.Internal;

/// <summary>The messages of inbound sockets (no workerd counterpart: a <c>connect</c> handler's socket has no <c>startTls</c> there either).</summary>
internal static class InboundErrors
{
    public const string NoStartTls =
        "Cannot startTls on an inbound socket: the host decides the inbound side's TLS before the handler runs. "
        + "Configure a certificate for the listener (Kestrel's UseHttps connection middleware) to accept TLS connections.";
}
