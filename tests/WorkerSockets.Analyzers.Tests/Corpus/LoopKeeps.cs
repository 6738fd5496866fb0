// Loops that keep their sockets past the iteration in a variable, a field or a property (WSK008).
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.LoopKeeps;

sealed class Scanner
{
    private WorkerSocket? current;

    public WorkerSocket? Last { get; private set; }

    public async Task KeepLastInLocal(string[] hosts)
    {
        WorkerSocket? last = null;
        foreach (var host in hosts)
        {
            last = Sockets.Connect(host, 7000); // expect: WSK008, WSK007
        }

        if (last is not null)
        {
            await last.CloseAsync();
        }
    }

    public async Task KeepInField(string[] hosts)
    {
        foreach (var host in hosts)
        {
            current = Sockets.Connect(host, 7000); // expect: WSK008
            await current.Opened;
        }
    }

    public void KeepInProperty(string[] hosts)
    {
        for (var i = 0; i < hosts.Length; i++)
        {
            Last = Sockets.Connect(hosts[i], 7000); // expect: WSK008
        }
    }

    public async Task LocalInsideLoopBody(string[] hosts)
    {
        foreach (var host in hosts)
        {
            WorkerSocket s;
            s = Sockets.Connect(host, 7000);
            await s.Opened;
            await s.CloseAsync();
        }
    }
}

sealed class Reconnect
{
    public async Task CloseBeforeNext(string[] hosts)
    {
        WorkerSocket? s = null;
        foreach (var host in hosts)
        {
            if (s != null)
            {
                await s.CloseAsync();
            }

            // The previous host's socket is closed before the next opens: one open at a time.
            s = Sockets.Connect(host, 7000);
        }

        if (s != null)
        {
            await s.CloseAsync();
        }
    }
}
