using Microsoft.Extensions.Logging;

namespace WorkerSockets;

/// <summary>
/// How a host runs its requests' scopes (<see cref="WorkerContext.RunAsync(Func{WorkerContext, Task}, WorkerContextOptions, CancellationToken)"/>):
/// made once for the host's lifetime and shared by every request.
/// </summary>
public sealed class WorkerContextOptions
{
    /// <summary>Where sockets may connect; <see cref="SocketPolicy.Production"/> when <see langword="null"/>.</summary>
    public SocketPolicy? Policy { get; init; }

    /// <summary>Receives leaked-socket and scope messages; none when <see langword="null"/>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Addresses served inside the host process (Hyperdrive's pooler): no DNS, no TCP, no policy check for them.</summary>
    public InProcessDestinations Destinations { get; init; } = InProcessDestinations.Empty;
}
