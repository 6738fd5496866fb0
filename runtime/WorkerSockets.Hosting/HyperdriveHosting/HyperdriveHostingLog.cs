using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting.HyperdriveHosting;

internal static partial class HyperdriveHostingLog
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Hyperdrive {Binding}: pooling {Origin} at {Endpoint} (in process; at most {MaxConnections} origin connections, idle ones close after {IdleSeconds} s, waiters give up after {AcquireSeconds} s)")]
    public static partial void Pooling(ILogger logger, string binding, string origin, string endpoint, int maxConnections, double idleSeconds, double acquireSeconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Hyperdrive {Binding}: also served to PostgreSQL clients on {Address} as {Endpoint}; {Login}")]
    public static partial void ExposedOnTcp(ILogger logger, string binding, string address, string endpoint, string login);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Hyperdrive {Binding}: closing the pool's origin connections failed at shutdown.")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string binding);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "Hyperdrive {Binding}: query cache {State} (max_age {MaxAgeSeconds} s, stale_while_revalidate {StaleSeconds} s, at most {SizeLimit} bytes, results over {MaxResultSize} bytes never cached); reads outside transactions may be that stale, as on the platform; set {Switch} to change it")]
    public static partial void Caching(ILogger logger, string binding, string state, double maxAgeSeconds, double staleSeconds, long sizeLimit, int maxResultSize, string @switch);
}
