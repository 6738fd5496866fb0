using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting;

/// <summary>Log messages of inbound connections (event ids 100 and up, apart from the HTTP ones in <see cref="HostingLog"/>).</summary>
internal static partial class ConnectionsLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "The worker's Connect handler failed for the connection from {RemoteAddress}; the connection was aborted.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string remoteAddress);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "The connection from {RemoteAddress} ended with an error: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, string remoteAddress, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "The client at {RemoteAddress} went away; the connection's open sockets were aborted.")]
    public static partial void ClientLeft(ILogger logger, string remoteAddress);
}
