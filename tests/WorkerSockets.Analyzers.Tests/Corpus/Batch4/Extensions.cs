// Batch 4: extension-method helpers around WorkerSocket, and the handlers that borrow or hand over through them.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WorkerSockets;

namespace Corpus.Batch4.Extensions;

public static class WorkerSocketExtensions
{
    public static async ValueTask WriteLineAsync(this WorkerSocket socket, string line, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        await socket.Writable.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), ct).ConfigureAwait(false);
    }

    public static async Task<string> ReadAllTextAsync(this WorkerSocket socket, CancellationToken ct = default)
    {
        var builder = new StringBuilder();
        while (true)
        {
            var result = await socket.Readable.ReadAsync(ct).ConfigureAwait(false);
            foreach (var segment in result.Buffer)
            {
                builder.Append(Encoding.UTF8.GetString(segment.Span));
            }

            socket.Readable.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return builder.ToString();
            }
        }
    }

    public static async Task QuitAsync(this WorkerSocket socket)
    {
        await socket.WriteLineAsync("QUIT").ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
    }

    public static void LogState(this ILogger logger, WorkerSocket socket) =>
        logger.LogInformation("socket upgraded={Upgraded} transport={Transport}", socket.Upgraded, socket.SecureTransport);

    public static Task CloseQuietlyAsync(this WorkerSocket? socket) => socket?.CloseAsync() ?? Task.CompletedTask;
}

public sealed record Session(WorkerSocket Socket, string Banner);

public static class Handlers
{
    public static async Task<string> BannerAsync(string host, ILogger logger)
    {
        var socket = Sockets.Connect(host, 110);
        logger.LogState(socket);
        var banner = await socket.ReadAllTextAsync().ConfigureAwait(false);
        await socket.QuitAsync().ConfigureAwait(false);
        return banner;
    }

    public static async Task<string> BannerLeakyAsync(string host, ILogger logger)
    {
        var socket = Sockets.Connect(host, 110); // expect: WSK007
        logger.LogState(socket);
        await socket.WriteLineAsync("CAPA").ConfigureAwait(false);
        return await socket.ReadAllTextAsync().ConfigureAwait(false);
    }

    public static async Task<Session> OpenSessionAsync(string host)
    {
        var socket = Sockets.Connect(host, 143);
        var banner = await socket.ReadAllTextAsync().ConfigureAwait(false);
        return new Session(socket, banner);
    }

    public static async Task<(WorkerSocket Socket, SocketInfo Info)> OpenWithInfoAsync(string host)
    {
        var socket = Sockets.Connect(host, 143);
        var info = await socket.Opened.ConfigureAwait(false);
        return (socket, info);
    }

    public static async Task UseSessionAsync(string host)
    {
        var session = await OpenSessionAsync(host).ConfigureAwait(false);
        await session.Socket.WriteLineAsync("a1 LOGOUT").ConfigureAwait(false);
        await session.Socket.CloseAsync().ConfigureAwait(false);
    }

    public static async Task UseTupleAsync(string host)
    {
        var (socket, info) = await OpenWithInfoAsync(host).ConfigureAwait(false);
        await using (socket.ConfigureAwait(false))
        {
            await socket.WriteLineAsync($"a1 ID {info.RemoteAddress}").ConfigureAwait(false);
        }
    }

    public static async Task CloseWithHelperAsync(string host, bool quiet)
    {
        var socket = Sockets.Connect(host, 143);
        await socket.WriteLineAsync("a1 NOOP").ConfigureAwait(false);
        if (quiet)
        {
            await socket.CloseQuietlyAsync().ConfigureAwait(false);
            return;
        }

        await socket.QuitAsync().ConfigureAwait(false);
    }

    public static async Task CloseOnOneBranchAsync(string host, bool quiet)
    {
        var socket = Sockets.Connect(host, 143); // expect: WSK007
        await socket.WriteLineAsync("a1 NOOP").ConfigureAwait(false);
        if (quiet)
        {
            return;
        }

        await socket.QuitAsync().ConfigureAwait(false);
    }

    public static async Task<int> WithNullableAsync(string host, bool dryRun)
    {
        WorkerSocket? socket = dryRun ? null : Sockets.Connect(host, 143);
        if (socket is null)
        {
            return 0;
        }

        await socket.WriteLineAsync("a1 NOOP").ConfigureAwait(false);
        await socket.CloseAsync().ConfigureAwait(false);
        return 1;
    }

    public static async Task<int> ChooseBySwitchAsync(string host, string mode)
    {
        var socket = mode switch
        {
            "tls" => Sockets.Connect(host, 993, new SocketOptions { SecureTransport = SecureTransport.On }),
            "starttls" => Sockets.Connect(host, 143, new SocketOptions { SecureTransport = SecureTransport.StartTls }),
            _ => Sockets.Connect(host, 143),
        };
        await using (socket)
        {
            await socket.WriteLineAsync("a1 CAPABILITY").ConfigureAwait(false);
        }

        return 1;
    }
}
