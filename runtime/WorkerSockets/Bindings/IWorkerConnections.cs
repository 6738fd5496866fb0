namespace WorkerSockets;

/// <summary>Handles one inbound connection inside its <see cref="WorkerContext"/>.</summary>
/// <param name="socket">The inbound connection, open and owned by the host: it is closed after the scope ends.</param>
/// <param name="context">The connection's request scope.</param>
/// <returns>A task that completes when the handler is done with the connection.</returns>
public delegate ValueTask WorkerConnect(WorkerSocket socket, WorkerContext context);

/// <summary>
/// Implemented by the generator on every <c>[Worker]</c> class with a <c>Connect(WorkerSocket, Env, WorkerContext)</c>
/// handler: binds the environment and returns the dispatch a host calls for each inbound TCP connection. No reflection is
/// involved, so workers trim and compile ahead of time.
/// </summary>
public interface IWorkerConnections
{
    /// <summary>Creates the one worker instance and its environment, and returns its connection dispatch.</summary>
    /// <param name="bindings">Where binding values come from, and how the host reads them.</param>
    /// <returns>The dispatch for every inbound connection of this process.</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    static abstract WorkerConnect CreateConnect(WorkerBindings bindings);
}
