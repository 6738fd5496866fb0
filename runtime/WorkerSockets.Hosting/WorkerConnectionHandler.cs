using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using WorkerSockets.Internal;

namespace WorkerSockets.Hosting;

/// <summary>
/// Runs one inbound TCP connection through a worker's <c>Connect</c> dispatch: one <see cref="WorkerContext"/> per
/// connection, the connection itself as an inbound <see cref="WorkerSocket"/> over Kestrel's transport pipes.
/// </summary>
internal sealed class WorkerConnectionHandler(WorkerConnect connect, WorkerContextOptions scopeOptions, ILogger logger) : ConnectionHandler
{
    /// <summary>Completes when the connection's scope has ended (handler and <c>WaitUntil</c> work) and the connection is closed.</summary>
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var remoteAddress = connection.RemoteEndPoint?.ToString() ?? connection.ConnectionId;
        var transport = new InboundTransport(connection.Transport, connection.LocalEndPoint?.ToString(), connection.Abort);
        var secure = connection.Features.Get<ITlsHandshakeFeature>() is null ? SecureTransport.Off : SecureTransport.On;

        // The client leaving aborts the scope's sockets at once; the connection closing because this side ended it does not
        // (WaitUntil work after a handler's own close keeps its sockets, as after an HTTP response).
        using var clientGone = new CancellationTokenSource();
        using var clientGoneRegistration = connection.ConnectionClosed.UnsafeRegister(
            static state =>
            {
                var (transport, clientGone) = ((InboundTransport, CancellationTokenSource))state!;
                if (!transport.SendingEnded)
                    clientGone.Cancel();
            },
            (transport, clientGone));

        WorkerSocket? socket = null;
        try
        {
            await WorkerContext.RunAsync(
                scope =>
                {
                    socket = WorkerSocket.Inbound(scope, transport, remoteAddress, secure);
                    return connect(socket, scope).AsTask();
                },
                scopeOptions,
                clientGone.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (clientGone.IsCancellationRequested)
        {
            ConnectionsLog.ClientLeft(logger, remoteAddress);
            ConnectionsLog.ConnectionFailed(logger, remoteAddress, exception.Message);
        }
        catch (Exception exception)
        {
            ConnectionsLog.HandlerFailed(logger, exception, remoteAddress);
            socket?.Abort(exception.Message);
        }

        if (socket is not null)
            await CloseAsync(socket, remoteAddress).ConfigureAwait(false);
    }

    /// <summary>Flushes what the handler wrote and ends the connection; a connection that broke is only logged.</summary>
    private async Task CloseAsync(WorkerSocket socket, string remoteAddress)
    {
        try
        {
            await socket.CloseInboundAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ConnectionsLog.ConnectionFailed(logger, remoteAddress, exception.Message);
        }
    }
}
