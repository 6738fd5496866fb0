using System.Net;
using System.Net.Sockets;
using WorkerSockets.Internal;

namespace WorkerSockets;

// The background half of Connect: wait for a slot, resolve through the policy, connect, handshake.
public sealed partial class WorkerSocket
{
    private async Task ConnectAsync()
    {
        try
        {
            if (_holdsSlot == 0)
            {
                await _scope.WaitForSlotAsync(LifetimeToken).ConfigureAwait(false);
                _holdsSlot = 1;

                // The slot may have been freed by the end of the request itself.
                if (_scope.HasEnded)
                {
                    throw new IOException(SocketErrors.ScopeEndedBeforeOpen);
                }
            }

            if (!_state.TryMoveTo(SocketState.Connecting))
            {
                if (_state.Current != SocketState.Upgraded)
                {
                    ReleaseSlot();
                    return;
                }

                // Upgraded while queued: the slot belongs to the TLS socket that carries this connection on.
                if (_upgradedTo is { } next && Interlocked.Exchange(ref _holdsSlot, 0) == 1)
                {
                    next._holdsSlot = 1;
                }
            }

            if (TryConnectInProcess())
            {
                return;
            }

            // Resolved once through the policy; the socket connects to a checked address and nothing is resolved again.
            // An IP literal is checked synchronously: one address, no lookup, nothing to cancel.
            IPAddress? literal;
            IPAddress[]? addresses = null;
            try
            {
                literal = _scope.Policy.TryResolveWithoutLookup(_host, out _);
                if (literal is null)
                {
                    addresses = await _scope.Policy.ResolveAllowedAsync(_host, LifetimeToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketPolicyException or SocketException)
            {
                throw ConnectErrors.ConnectFailed(_host, _port, _remoteAddress, e);
            }

            Socket? socket = null;
            Exception? refused = null;
            int count = addresses?.Length ?? 1;
            for (var i = 0; i < count; i++)
            {
                var address = addresses is null ? literal! : addresses[i];
                var attempt = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    // Not cancelable by token: ending the socket's lifetime disposes the attempt instead (see EndLifetime).
                    TrackConnectAttempt(attempt);
                    await attempt.ConnectAsync(new IPEndPoint(address, _port), CancellationToken.None).ConfigureAwait(false); // the ValueTask overload: no Task wrapper
                    UntrackConnectAttempt();
                    socket = attempt;
                    break;
                }
                catch (Exception e)
                {
                    attempt.Dispose();
                    ThrowIfLifetimeEnded();
                    if (e is SocketException { SocketErrorCode: SocketError.ConnectionReset } reset && SecureTransport != SecureTransport.On)
                    {
                        OpenedAndLost(reset);
                        return;
                    }

                    if (e is not SocketException)
                    {
                        throw;
                    }

                    refused = e;
                }
            }

            if (socket is null)
            {
                throw ConnectErrors.ConnectFailed(_host, _port, _remoteAddress, refused);
            }

            if (SecureTransport == SecureTransport.On)
            {
                await AttachTlsAsync(socket).ConfigureAwait(false);
            }
            else
            {
                // Plaintext needs no stream: the pipes talk to the socket (StartTls makes a stream when it upgrades).
                Attach(SocketTransport.Plain(socket, Gate));
            }
        }
        catch (Exception e)
        {
            Finish(e);
        }
    }

    // Apart from ConnectAsync so that its state machine, boxed on every connect, does not carry the TLS locals.
    private async Task AttachTlsAsync(Socket socket)
    {
        var network = new NetworkStream(socket, ownsSocket: false);
        var tls = await HandshakeAsync(network, socket, LifetimeToken).ConfigureAwait(false);
        Attach(SocketTransport.Secure(socket, network, tls));
    }

    private async Task<System.Net.Security.SslStream> HandshakeAsync(NetworkStream network, Socket socket, CancellationToken cancellationToken)
    {
        string serverName = _options.Tls?.ExpectedServerHostname ?? _host;
        try
        {
            return await TlsHandshake.AuthenticateAsync(network, serverName, _scope.Policy, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            network.Dispose();
            socket.Dispose();
            if (e is System.Security.Authentication.AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw ConnectErrors.TlsFailed(serverName, _port, _remoteAddress, e);
            }

            throw;
        }
    }

    /// <summary>
    /// The server completed the handshake and reset the connection before the connect call returned (a reset, not a
    /// refusal): as when the reset comes a moment later, the socket opened and then lost its connection, so reads and
    /// writes say <c>Network connection lost.</c> and <see cref="Closed"/> completes.
    /// </summary>
    private void OpenedAndLost(SocketException reset)
    {
        _state.TryMoveTo(SocketState.Open); // from Connecting; a close asked for meanwhile leaves it Closing
        _opened.TrySetResult(new SocketInfo(_remoteAddress, null));
        if (_state.Current == SocketState.Closing)
        {
            Finish(null, closedCleanly: true);
            return;
        }

        _ = OnReadFailed(reset);
    }

    /// <summary>Hands a connected transport to this socket; it is torn down if the socket was closed meanwhile.</summary>
    private void Attach(SocketTransport transport)
    {
        bool closeRequested = false;
        lock (Gate)
        {
            var state = _state.Current;
            if (state is SocketState.Connecting or SocketState.Upgraded or SocketState.Closing)
            {
                _transport = transport;
                _readable.Attach(transport.Reader);
                _writable.Attach(transport.Writer);
                if (state == SocketState.Upgraded || _state.TryMoveTo(SocketState.Open))
                {
                    transport = null!;
                }
                else if (_state.Current == SocketState.Closing)
                {
                    // CloseAsync came while connecting: as in workerd, Opened still completes and the close follows.
                    closeRequested = true;
                    transport = null!;
                }
            }
        }

        if (transport is not null)
        {
            transport.Dispose(abortive: true);
            return;
        }

        _opened.TrySetResult(new SocketInfo(_remoteAddress, _transport?.LocalAddress));
        if (closeRequested)
        {
            _ = FlushAndCloseAsync();
        }
    }
}
