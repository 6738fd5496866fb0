using System.Text;

namespace WorkerSockets.Generators.Tests.Sample;

// SampleWorker's inbound-connection handler: with it the real compiler generates CreateConnect beside CreateFetch.
public partial class SampleWorker
{
    public async ValueTask Connect(WorkerSocket socket, SampleEnv env, WorkerContext ctx)
    {
        var count = Interlocked.Increment(ref _requests);
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes($"{env.Greeting} #{count}\n"));
        await socket.CloseAsync();
    }
}
