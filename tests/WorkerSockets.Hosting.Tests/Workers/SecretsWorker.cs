namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>Needs a var and a secret; answers with the var.</summary>
public sealed class SecretsWorker : IWorker
{
    public static WorkerFetch CreateFetch(Func<string, string?> bindings)
    {
        var env = new HandWrittenBindings(bindings);
        var greeting = env.Var("GREETING");
        _ = env.Secret("DB_PASSWORD");
        env.ThrowIfAnyMissing();

        return (request, context) => ValueTask.FromResult(new HttpResponseMessage { Content = new StringContent(greeting) });
    }
}
