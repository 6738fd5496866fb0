namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>Fails every request with an exception whose text must not reach the client.</summary>
public sealed class ThrowingWorker : IWorker
{
    public const string SensitiveDetail = "connection string Password=hunter2 rejected";

    public static WorkerFetch CreateFetch(Func<string, string?> bindings)
        => (request, context) => throw new InvalidOperationException(SensitiveDetail);
}
