// Batch 7: a file that names the WorkerSockets types fully qualified (no using directive), as generated or pasted code does.
namespace Corpus.Batch7.Qualified;

public static class Upgrades
{
    public static async System.Threading.Tasks.Task PlainThenTls(string host)
    {
        var socket = WorkerSockets.Sockets.Connect(host, 587);
        await using var tls = socket.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async System.Threading.Tasks.Task NullOptions(string host)
    {
        var socket = WorkerSockets.Sockets.Connect(host, 143, null);
        await using var tls = socket.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public static async System.Threading.Tasks.Task Leak(string host)
    {
        var socket = WorkerSockets.Sockets.Connect(host, 5432); // expect: WSK007
        await socket.Opened;
    }

    public static async System.Threading.Tasks.Task Closed(string host)
    {
        var socket = WorkerSockets.Sockets.Connect(host, 5432);
        await socket.Opened;
        await socket.CloseAsync();
    }
}
