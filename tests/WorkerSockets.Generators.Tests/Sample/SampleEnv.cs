namespace WorkerSockets.Generators.Tests.Sample;

/// <summary>A real [WorkerEnv] class: its bindings are generated while this test project compiles.</summary>
[WorkerEnv]
public partial class SampleEnv
{
    [Var("GREETING")]
    public partial string Greeting { get; }

    [Var("PORT")]
    public partial int Port { get; }

    [Var("RATIO")]
    public partial double? Ratio { get; }

    [Secret("DB_PASSWORD")]
    public partial string DbPassword { get; }

    [Hyperdrive("HYPERDRIVE")]
    public partial Hyperdrive Database { get; }
}

/// <summary>A real [Worker] class: its CreateFetch is generated while this test project compiles.</summary>
[Worker]
public partial class SampleWorker
{
    private int _requests;

    public Task<HttpResponseMessage> Fetch(HttpRequestMessage request, SampleEnv env, WorkerContext ctx)
    {
        var count = Interlocked.Increment(ref _requests);
        return Task.FromResult(new HttpResponseMessage { Content = new StringContent($"{env.Greeting} #{count}") });
    }
}
