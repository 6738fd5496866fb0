namespace WorkerSockets.Hosting.Tests.Workers;

/// <summary>Sends the request body to the echo server over a worker socket and answers with what came back.</summary>
public sealed class EchoWorker : IWorker
{
    public static WorkerFetch CreateFetch(Func<string, string?> bindings)
    {
        var env = new HandWrittenBindings(bindings);
        var echoAddress = env.Var("ECHO_ADDRESS");
        env.ThrowIfAnyMissing();

        return async (request, context) =>
        {
            var text = await request.Content!.ReadAsStringAsync();
            await using var socket = Sockets.Connect(echoAddress);
            await socket.Opened;
            return new HttpResponseMessage { Content = new StringContent("echo: " + await SocketText.EchoAsync(socket, text)) };
        };
    }
}
