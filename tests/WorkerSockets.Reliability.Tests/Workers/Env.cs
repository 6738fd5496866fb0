namespace WorkerSockets.Reliability.Tests.Workers;

/// <summary>The reliability worker's bindings: one plain var and one secret that must never be printed.</summary>
[WorkerEnv]
public partial class Env
{
    [Var("GREETING")]
    public partial string Greeting { get; }

    [Secret("API_TOKEN")]
    public partial string ApiToken { get; }
}
