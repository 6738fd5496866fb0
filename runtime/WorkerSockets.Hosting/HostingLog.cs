using Microsoft.Extensions.Logging;

namespace WorkerSockets.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "The worker failed to handle {Method} {Path}; answered 500.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The worker failed to handle {Method} {Path} after the response started; the connection was aborted.")]
    public static partial void HandlerFailedAfterResponseStarted(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The request scope of {Method} {Path} ended with an error.")]
    public static partial void ScopeFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "The server refused {Method} {Path}; answered {StatusCode}.")]
    public static partial void RequestRefused(ILogger logger, Exception exception, string method, string path, int statusCode);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Worker {Worker}: socket policy {Policy}, because {Reason}.")]
    public static partial void PolicyChosen(ILogger logger, string worker, string policy, string reason);

    /// <summary>The category of <see cref="BindingsMissing"/>: the dev server, which prints its own one-line error, filters it out.</summary>
    public const string MapWorkerCategory = "WorkerSockets.Hosting.MapWorker";

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Worker {Worker} cannot be mapped: {Problems}. In an ASP.NET Core app a binding is the configuration key of its name: set it in appsettings.json, user secrets (dotnet user-secrets set {Example} <value>), an environment variable or the command line (--{Example} <value>); .dev.vars is read only after builder.Configuration.AddDevVarsFile().")]
    public static partial void BindingsMissing(ILogger logger, string worker, string problems, string example);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "The client went away during {Method} {Path}.")]
    public static partial void RequestAborted(ILogger logger, string method, string path);
}
