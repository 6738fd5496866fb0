namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>Answers at once and leaves <c>WaitUntil</c> work that runs until the test releases it.</summary>
public sealed class SlowWaitUntilWorker : IWorker
{
    public static readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static readonly TaskCompletionSource WorkDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static WorkerFetch CreateFetch(Func<string, string?> bindings)
        => (request, context) =>
        {
            context.WaitUntil(WorkAsync());
            return ValueTask.FromResult(new HttpResponseMessage { Content = new StringContent("answered") });
        };

    private static async Task WorkAsync()
    {
        await Release.Task.WaitAsync(TimeSpan.FromSeconds(10));
        WorkDone.SetResult();
    }
}
