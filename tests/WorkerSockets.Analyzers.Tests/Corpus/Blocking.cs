// Ports, blocking waits and dropped closes.
using System;
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Blocking;

sealed class Mail
{
    private const int SmtpPort = 25;

    public async Task Ports(string host)
    {
        await using var a = Sockets.Connect("mail.example.com:25"); // expect: WSK001
        await using var b = Sockets.Connect(host, SmtpPort); // expect: WSK001
        await using var c = Sockets.Connect(new DnsEndPoint(host, 25)); // expect: WSK001
        await using var d = Sockets.Connect($"{host}:{SmtpPort}"); // expect: WSK001
        await using var e = Sockets.Connect(host, 587);
        await using var f = Sockets.Connect("api.example.com:443"); // expect: WSK010
        var port = 80;
        await using var g = Sockets.Connect(host, port); // expect: WSK010, WSK008
    }

    public void Sync(string host)
    {
        var s = Sockets.Connect(host, 5432);
        var info = s.Opened.Result; // expect: WSK009
        Console.WriteLine(info);
        s.CloseAsync().Wait(); // expect: WSK009
    }

    public int SyncGetResult(WorkerSocket s)
    {
        var close = s.CloseAsync();
        close.GetAwaiter().GetResult(); // expect: WSK009
        return 0;
    }

    public async Task Fine(WorkerSocket s)
    {
        var info = await s.Opened;
        var done = s.Closed.IsCompleted;
        Console.WriteLine(info.ToString() + done);
        var other = Task.FromResult(1).Result;
    }

    public async Task MaybeClose(WorkerSocket? maybe)
    {
        maybe?.CloseAsync(); // expect: WSK002
        await (maybe?.CloseAsync() ?? Task.CompletedTask);
    }

    public Task Chained(WorkerSocket s)
    {
        s.CloseAsync().ConfigureAwait(false); // expect: WSK002
        return s.Closed;
    }
}
