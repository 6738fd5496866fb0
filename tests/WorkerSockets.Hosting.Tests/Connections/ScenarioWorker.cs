using System.Collections.Concurrent;

namespace WorkerSockets.Hosting.Tests.Connections;

/// <summary>
/// A connection worker written as the generator writes one (<see cref="IWorkerConnections"/>, no reflection), whose handler
/// each test supplies: the binding <c>SCENARIO</c> names a handler registered with <see cref="Register"/>. (This project's
/// one generated <c>[Worker]</c> is the HTTP test worker; a project may have only one.)
/// </summary>
public sealed class ScenarioWorker : IWorkerConnections
{
    private static readonly ConcurrentDictionary<string, WorkerConnect> Scenarios = new();

    public static string Register(WorkerConnect handler)
    {
        var name = Guid.NewGuid().ToString("N");
        Scenarios[name] = handler;
        return name;
    }

    public static WorkerConnect CreateConnect(WorkerBindings bindings)
    {
        var name = bindings.Lookup("SCENARIO") ?? throw new WorkerBindingException(["SCENARIO (var): missing"]);
        return Scenarios[name];
    }
}
