using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting.Hyperdrive.Cache;

internal sealed partial class QueryCache
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 120, Level = LogLevel.Debug, Message = "Hyperdrive cache hit ({AgeSeconds:0.###} s old): {Sql}")]
        public static partial void Hit(ILogger logger, double ageSeconds, string sql);

        [LoggerMessage(EventId = 121, Level = LogLevel.Debug, Message = "Hyperdrive cache served stale ({AgeSeconds:0.###} s old) and refreshes it: {Sql}")]
        public static partial void Stale(ILogger logger, double ageSeconds, string sql);

        [LoggerMessage(EventId = 122, Level = LogLevel.Debug, Message = "Hyperdrive cache miss: {Sql}")]
        public static partial void Miss(ILogger logger, string sql);

        [LoggerMessage(EventId = 126, Level = LogLevel.Debug, Message = "Hyperdrive cache miss, answered by the origin query already under way for it: {Sql}")]
        public static partial void Coalesced(ILogger logger, string sql);

        [LoggerMessage(EventId = 123, Level = LogLevel.Debug, Message = "Hyperdrive cache could not refresh a stale entry; it expires as usual.")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 124, Level = LogLevel.Debug, Message = "Hyperdrive cache read the origin's function catalogue: {Known} function names, {NotImmutable} of them volatile or stable.")]
        public static partial void CatalogLoaded(ILogger logger, int known, int notImmutable);

        [LoggerMessage(EventId = 125, Level = LogLevel.Warning, Message = "Hyperdrive cache could not read the origin's function catalogue; queries go to the origin until it can.")]
        public static partial void CatalogFailed(ILogger logger, Exception exception);
    }
}
