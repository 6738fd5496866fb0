namespace WorkerSockets.Internal;

/// <summary>The messages of sockets to in-process destinations (no workerd counterpart: on the platform these are Hyperdrive's own).</summary>
internal static class InProcessErrors
{
    public static string NoTls(string address) =>
        $"{address} is served inside this process (an in-process destination such as Hyperdrive's pooler): nothing crosses a network, "
        + "and it speaks no TLS. Connect with SecureTransport.Off; a Hyperdrive connection string says sslmode=disable.";

    public static string DestinationFailed(string address) =>
        $"The in-process destination {address} failed while serving this connection.";

    public static string Aborted(string address) => $"The socket to {address} was aborted.";
}
