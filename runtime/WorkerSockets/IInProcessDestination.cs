using System.IO.Pipelines;

namespace WorkerSockets;

/// <summary>
/// A service inside the host process that a request's sockets reach without DNS or TCP (Hyperdrive's pooler is one).
/// A host registers it under a host name and port in <see cref="InProcessDestinations"/>; every
/// <see cref="Sockets.Connect(string, SocketOptions?)"/> to that address then gets a fresh in-memory connection served here.
/// </summary>
public interface IInProcessDestination
{
    /// <summary>
    /// Serves one connection until it ends; runs outside the request that opened the socket (in a clean execution
    /// context: nothing the request set, such as its scope, flows into it). It is started on the connecting thread and
    /// should return at its first wait for the handler's bytes rather than block.
    /// </summary>
    /// <param name="connection">
    /// The connection: <see cref="IDuplexPipe.Input"/> holds what the handler writes and ends when it ends its side;
    /// <see cref="IDuplexPipe.Output"/> is what the handler reads. The caller completes both when this task ends; a
    /// faulted task reaches the handler as a broken connection.
    /// </param>
    /// <param name="cancellationToken">
    /// Canceled when the socket is aborted (reset, or its request ended with it open). A clean close only ends
    /// <see cref="IDuplexPipe.Input"/>, after everything the handler wrote before it.
    /// </param>
    /// <returns>A task that completes when the connection has been served.</returns>
    Task ServeAsync(IDuplexPipe connection, CancellationToken cancellationToken);
}
