// Blocking waits (WSK009) in sync adapters, next to waits on unrelated tasks and non-blocking checks.
using System;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Waits;

sealed class SyncAdapter
{
    private readonly WorkerSocket socket;

    public SyncAdapter(WorkerSocket socket) => this.socket = socket;

    public SocketInfo Info => socket.Opened.ConfigureAwait(false).GetAwaiter().GetResult(); // expect: WSK009

    public bool WaitClosed(TimeSpan timeout) => socket.Closed.Wait(timeout); // expect: WSK009

    public int WaitEither(Task timeout) => Task.WaitAny(new[] { socket.Opened, timeout }); // expect: WSK009

    public void Close() => socket.DisposeAsync().GetAwaiter().GetResult(); // expect: WSK009

    public Func<SocketInfo> Lazy() => () => socket.Opened.Result; // expect: WSK009

    public bool Ready => socket.Opened.Status == TaskStatus.RanToCompletion;

    public void WaitOther(Task other, CancellationToken ct) => other.Wait(ct);

    public string Describe(Task<string> text) => text.GetAwaiter().GetResult();

    public async Task<SocketInfo> Proper() => await socket.Opened.ConfigureAwait(false);
}
