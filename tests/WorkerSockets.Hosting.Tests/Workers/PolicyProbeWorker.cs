namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>Tries to open a socket to the echo server and answers with whether the host's policy let it.</summary>
public sealed class PolicyProbeWorker : IWorker
{
    public static WorkerFetch CreateFetch(Func<string, string?> bindings)
    {
        var env = new HandWrittenBindings(bindings);
        var echoAddress = env.Var("ECHO_ADDRESS");
        env.ThrowIfAnyMissing();

        return async (request, context) =>
        {
            var socket = Sockets.Connect(echoAddress);
            try
            {
                await socket.Opened;
                return new HttpResponseMessage { Content = new StringContent("echo: " + await SocketText.EchoAsync(socket, "probe")) };
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return new HttpResponseMessage { Content = new StringContent("refused: " + exception.Message) };
            }
            finally
            {
                context.WaitUntil(socket.CloseAsync().ContinueWith(_ => { }, TaskScheduler.Default));
            }
        };
    }
}
