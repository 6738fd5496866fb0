namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>
/// Answers at once and hands the rest to <see cref="WorkerContext.WaitUntil"/>: work that waits for the test's go-ahead,
/// then uses the socket the request opened — which must still be open, because the request is not over yet.
/// </summary>
public sealed class WaitUntilWorker : IWorker
{
    public static readonly TaskCompletionSource GoAhead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static readonly TaskCompletionSource<string> WorkDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static WorkerFetch CreateFetch(Func<string, string?> bindings)
    {
        var env = new HandWrittenBindings(bindings);
        var echoAddress = env.Var("ECHO_ADDRESS");
        env.ThrowIfAnyMissing();

        return async (request, context) =>
        {
            var socket = Sockets.Connect(echoAddress);
            await socket.Opened;
            context.WaitUntil(FinishAsync(socket));
            return new HttpResponseMessage { Content = new StringContent("answered") };
        };
    }

    private static async Task FinishAsync(WorkerSocket socket)
    {
        try
        {
            await GoAhead.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var echoed = await SocketText.EchoAsync(socket, "after the response");
            await socket.CloseAsync();
            WorkDone.TrySetResult(echoed);
        }
        catch (Exception exception)
        {
            WorkDone.TrySetException(exception);
        }
    }
}
