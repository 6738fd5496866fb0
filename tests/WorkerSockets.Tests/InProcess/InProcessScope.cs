using System.Net;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests.InProcess;

/// <summary>Runs test bodies in a request scope whose host serves <see cref="Host"/>:<see cref="Port"/> in process.</summary>
internal static class InProcessScope
{
    public const string Host = "0123abcd.hyperdrive.local";

    public const int Port = 5432;

    /// <summary>A policy whose resolver records every lookup: an in-process connect must make none.</summary>
    public static SocketPolicy RecordingLookups(List<string> lookups) => SocketPolicy.Production.WithResolver((name, _) =>
    {
        lock (lookups)
        {
            lookups.Add(name);
        }

        return Task.FromResult(new[] { IPAddress.Loopback });
    });

    public static Task RunAsync(IInProcessDestination destination, Func<WorkerContext, Task> handler, SocketPolicy? policy = null, Microsoft.Extensions.Logging.ILogger? logger = null)
        => WorkerContext.RunAsync(
            handler,
            new WorkerContextOptions
            {
                Policy = policy ?? SocketPolicy.Production,
                Logger = logger,
                Destinations = InProcessDestinations.Empty.Add(Host, Port, destination),
            }).WaitAsync(Scope.Timeout * 2);
}
