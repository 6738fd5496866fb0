namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>The test worker's bindings; the generator implements them and reports every missing one together.</summary>
[WorkerEnv]
public partial class Env
{
    /// <summary>The loopback echo server, <c>127.0.0.1:port</c>.</summary>
    [Var("ECHO_ADDRESS")]
    public partial string EchoAddress { get; }

    /// <summary>What <c>/greeting</c> answers.</summary>
    [Var("GREETING")]
    public partial string Greeting { get; }

    /// <summary>A secret nothing prints.</summary>
    [Secret("DB_PASSWORD")]
    public partial string DbPassword { get; }

    /// <summary>A database binding, pooled by the host when it pools; optional so that most tests need not set it.</summary>
    [Hyperdrive("ORDERS_DB")]
    public partial global::WorkerSockets.Hyperdrive? OrdersDb { get; }
}
