using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting.Hyperdrive;

internal static partial class HyperdriveLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Hyperdrive opened an origin connection to {Origin} ({Open} open).")]
    public static partial void OriginConnectionOpened(ILogger logger, string origin, int open);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Hyperdrive could not connect to the origin {Origin}.")]
    public static partial void OriginConnectFailed(ILogger logger, Exception exception, string origin);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Hyperdrive dropped an idle origin connection the origin had closed.")]
    public static partial void OriginConnectionDroppedWhileIdle(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Hyperdrive lost an origin connection during a transaction; its client was disconnected.")]
    public static partial void OriginConnectionLost(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Hyperdrive closed a client connection: {Reason}")]
    public static partial void ClientRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Hyperdrive could not clean an origin connection after its client left; it was closed instead.")]
    public static partial void ResetFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Hyperdrive sent a CancelRequest to origin backend {ProcessId} for its client.")]
    public static partial void QueryCancelSent(ILogger logger, int processId);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Hyperdrive could not deliver a client's CancelRequest to the origin.")]
    public static partial void QueryCancelFailed(ILogger logger, Exception exception);
}
