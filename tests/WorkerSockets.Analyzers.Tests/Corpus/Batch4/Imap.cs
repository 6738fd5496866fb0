// Batch 4: an IMAP client with implicit TLS or STARTTLS, an IAsyncEnumerable of fetched lines and a router.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Batch4.Imap;

public enum ImapSecurity
{
    Implicit,
    StartTls,
}

public sealed record ImapSettings(string Host, ImapSecurity Security = ImapSecurity.Implicit)
{
    public int Port => Security == ImapSecurity.Implicit ? 993 : 143;
}

public sealed class ImapClient : IAsyncDisposable
{
    private WorkerSocket socket;
    private int tag;

    private ImapClient(WorkerSocket socket) => this.socket = socket;

    public static async Task<ImapClient> ConnectAsync(ImapSettings settings, CancellationToken ct)
    {
        var secure = settings.Security == ImapSecurity.Implicit ? SecureTransport.On : SecureTransport.StartTls;
        var socket = Sockets.Connect(settings.Host, settings.Port, new SocketOptions { SecureTransport = secure });
        var client = new ImapClient(socket);
        if (settings.Security == ImapSecurity.StartTls)
        {
            await client.CommandAsync("STARTTLS", ct).ConfigureAwait(false);
            client.socket = client.socket.StartTls();
        }

        return client;
    }

    public async ValueTask CommandAsync(string command, CancellationToken ct)
    {
        var line = $"a{++tag} {command}\r\n";
        await socket.Writable.WriteAsync(Encoding.ASCII.GetBytes(line), ct).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<string> FetchLinesAsync(string range, [EnumeratorCancellation] CancellationToken ct)
    {
        await CommandAsync($"FETCH {range} BODY[HEADER]", ct).ConfigureAwait(false);
        while (true)
        {
            var result = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
            var text = Encoding.ASCII.GetString(result.Buffer.FirstSpan);
            socket.Readable.AdvanceTo(result.Buffer.End);
            foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith($"a{tag} ", StringComparison.Ordinal))
                {
                    yield break;
                }

                yield return line;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CommandAsync("LOGOUT", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }
    }
}

public static class MailboxRoutes
{
    public static async Task<int> HandleAsync(string path, ImapSettings settings, CancellationToken ct)
    {
        switch (path)
        {
            case "/inbox":
            {
                await using var client = await ImapClient.ConnectAsync(settings, ct).ConfigureAwait(false);
                var count = 0;
                await foreach (var _ in client.FetchLinesAsync("1:*", ct).ConfigureAwait(false))
                {
                    count++;
                }

                return count;
            }

            case "/probe-993":
            {
                await using var s = Sockets.Connect(settings.Host, 993, new SocketOptions { SecureTransport = SecureTransport.On });
                await s.Opened.ConfigureAwait(false);
                return 1;
            }

            case "/probe-143":
            {
                await using var s = Sockets.Connect(settings.Host, 143);
                await s.Opened.ConfigureAwait(false);
                return 1;
            }

            case "/probe-raw":
            {
                var s = Sockets.Connect(settings.Host, settings.Port);
                await s.Opened.ConfigureAwait(false);
                await s.CloseAsync().ConfigureAwait(false);
                return 1;
            }

            case "/probe-upgrade":
            {
                var s = Sockets.Connect(settings.Host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls });
                await s.Writable.WriteAsync(Encoding.ASCII.GetBytes("a1 STARTTLS\r\n"), ct).ConfigureAwait(false);
                s = s.StartTls();
                await s.CloseAsync().ConfigureAwait(false);
                return 1;
            }

            case "/probe-plain-upgrade":
            {
                var s = Sockets.Connect(settings.Host, 143);
                s = s.StartTls(); // expect: WSK005
                await s.CloseAsync().ConfigureAwait(false);
                return 1;
            }

            case "/probe-web":
            {
                await using var s = Sockets.Connect($"{settings.Host}:80"); // expect: WSK010
                return 1;
            }

            case "/probe-forget":
            {
                var s = Sockets.Connect(settings.Host, 143); // expect: WSK007
                await s.Opened.ConfigureAwait(false);
                return 1;
            }

            default:
                return 0;
        }
    }
}
