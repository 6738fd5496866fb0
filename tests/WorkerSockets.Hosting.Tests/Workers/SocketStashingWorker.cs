namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>
/// <c>/stash</c> opens a socket and keeps it in a static field (and keeps its request alive with <c>WaitUntil</c>
/// until the test releases it); <c>/use</c> writes to that socket from another request, which the scope rules forbid.
/// </summary>
public sealed class SocketStashingWorker : IWorker
{
    public static readonly TaskCompletionSource ReleaseStashingRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static WorkerSocket? s_stashed;

    public static WorkerFetch CreateFetch(Func<string, string?> bindings)
    {
        var env = new HandWrittenBindings(bindings);
        var echoAddress = env.Var("ECHO_ADDRESS");
        env.ThrowIfAnyMissing();

        return async (request, context) =>
        {
            if (request.RequestUri!.AbsolutePath == "/stash")
            {
                var socket = Sockets.Connect(echoAddress);
                await socket.Opened;
                s_stashed = socket;
                context.WaitUntil(ReleaseStashingRequest.Task.WaitAsync(TimeSpan.FromSeconds(10)));
                return new HttpResponseMessage { Content = new StringContent("stashed") };
            }

            var echoed = await SocketText.EchoAsync(s_stashed!, "from another request");
            return new HttpResponseMessage { Content = new StringContent(echoed) };
        };
    }
}
