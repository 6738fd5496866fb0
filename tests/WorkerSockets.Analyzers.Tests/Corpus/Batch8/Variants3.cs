// Batch 8: stream views, local-function factories, switch statements, exception filters, static options and
// null-conditional closes as hurried code writes them. Written from docs/rules/*.md alone.
using System;
using System.IO;
using System.Net;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch8.Variants3;

public static class Defaults
{
    public static readonly SocketOptions Options = new() { SecureTransport = SecureTransport.Off };
}

public sealed class More
{
    public async Task LocalFunctionFactory(string host)
    {
        WorkerSocket Open() => Sockets.Connect(host, 5432);
        var s = Open(); // expect: WSK007
        await s.Opened;
    }

    public async Task LocalFunctionFactoryClosed(string host)
    {
        WorkerSocket Open() => Sockets.Connect(host, 5432);
        await using var s = Open();
        await s.Opened;
    }

    public async Task<string> StreamView(string host)
    {
        var s = Sockets.Connect(host, 79);
        await using var stream = s.Stream;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public async Task<string?> ReaderDisposedByHand(string host)
    {
        var s = Sockets.Connect(host, 110);
        var reader = new StreamReader(s.Stream);
        var line = await reader.ReadLineAsync();
        reader.Dispose();
        return line;
    }

    public async Task<string?> ReaderLeftOpen(string host)
    {
        var s = Sockets.Connect(host, 110); // expect: WSK007
        var reader = new StreamReader(s.Stream, leaveOpen: true);
        using (reader)
        {
            return await reader.ReadLineAsync();
        }
    }

    public async Task SwitchSections(string kind)
    {
        var s = Sockets.Connect("db.example.com:5432");
        switch (kind)
        {
            case "ping":
                await s.Opened;
                await s.CloseAsync();
                break;
            default:
                await s.DisposeAsync();
                break;
        }
    }

    public async Task SwitchSectionMissing(string kind)
    {
        var s = Sockets.Connect("db.example.com:5432"); // expect: WSK007
        switch (kind)
        {
            case "ping":
                await s.CloseAsync();
                break;
            default:
                Console.WriteLine("unknown");
                break;
        }
    }

    public async Task FilteredCatchRethrows(string host)
    {
        var s = Sockets.Connect(host, 5432);
        try
        {
            await s.Opened;
        }
        catch (Exception e) when (e is TimeoutException)
        {
            await s.CloseAsync();
            throw;
        }

        await s.CloseAsync();
    }

    public async Task StaticOptionsUnknown(string host)
    {
        var s = Sockets.Connect(host, 5432, Defaults.Options);
        await using var tls = s.StartTls();
        await tls.Opened;
    }

    public async Task NullConditionalAwaited(WorkerSocket? s)
    {
        if (s is null) return;
        await s.CloseAsync();
    }

    public void NullConditionalConfigured(WorkerSocket? s)
    {
        s?.CloseAsync().ConfigureAwait(false); // expect: WSK002
    }

    public async Task OldReadableAdvance(WorkerSocket socket)
    {
        await using var tls = socket.StartTls();
        var result = await tls.Readable.ReadAsync();
        socket.Readable.AdvanceTo(result.Buffer.End); // expect: WSK006
    }

    public async Task LoopbackSmtp()
    {
        await using var s = Sockets.Connect(new IPEndPoint(IPAddress.Loopback, 25)); // expect: WSK001
        await s.Opened;
    }

    public async Task UpgradeChosen(string host, bool secure)
    {
        var plain = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var s = secure ? plain.StartTls() : plain;
        await s.CloseAsync();
    }

    public async Task ClosedInBothBranches(string host, bool fast)
    {
        var s = Sockets.Connect(host, 5432);
        if (fast)
        {
            ctxless(s);
            await s.CloseAsync();
        }
        else
        {
            await s.Opened;
            await s.DisposeAsync();
        }

        static void ctxless(WorkerSocket socket) => Console.WriteLine(socket.SecureTransport);
    }
}
