namespace WorkerSockets;

/// <summary>Handles one request inside its <see cref="WorkerContext"/>.</summary>
/// <param name="request">The request.</param>
/// <param name="context">The request scope.</param>
/// <returns>The response.</returns>
public delegate ValueTask<HttpResponseMessage> WorkerFetch(HttpRequestMessage request, WorkerContext context);

/// <summary>
/// Implemented by the generator on every <c>[Worker]</c> class: binds the environment and returns the dispatch the host calls.
/// No reflection is involved, so workers trim and compile ahead of time.
/// </summary>
public interface IWorker
{
    /// <summary>Creates the one worker instance and its environment, and returns its request dispatch.</summary>
    /// <param name="bindings">Where binding values come from, and how the host reads them.</param>
    /// <returns>The dispatch for every request of this process.</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    static abstract WorkerFetch CreateFetch(WorkerBindings bindings);
}

/// <summary>Implemented by the generator on every <c>[WorkerEnv]</c> class.</summary>
/// <typeparam name="TSelf">The environment class.</typeparam>
public interface IWorkerEnv<TSelf>
    where TSelf : IWorkerEnv<TSelf>
{
    /// <summary>Reads every binding; reports all missing or malformed ones together.</summary>
    /// <param name="bindings">Where binding values come from, and how the host reads them.</param>
    /// <returns>The bound environment.</returns>
    /// <exception cref="WorkerBindingException">One or more bindings are missing or malformed.</exception>
    static abstract TSelf Bind(WorkerBindings bindings);
}
