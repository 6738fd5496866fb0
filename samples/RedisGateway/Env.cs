using WorkerSockets;

namespace RedisGateway;

/// <summary>The gateway's bindings.</summary>
[WorkerEnv]
public partial class Env
{
    /// <summary>
    /// The backend Redis, <c>host:port</c>. Unset in local development, <c>dotnet run</c> starts an embedded Garnet and sets it.
    /// </summary>
    [Var("REDIS_BACKEND")]
    public partial string? Backend { get; }
}
