using System.Net.Sockets;
using WorkerSockets.Internal;

namespace WorkerSockets;

// startTls(): the checks, then handing the connection to a new TLS socket.
public sealed partial class WorkerSocket
{
    /// <summary>Upgrades this plaintext socket to TLS; this socket becomes unusable and the returned one speaks TLS.</summary>
    /// <param name="options">TLS settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The TLS socket.</returns>
    /// <exception cref="InvalidOperationException">The socket is already TLS, was upgraded, is closed, or was not opened with <see cref="SecureTransport.StartTls"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="TlsOptions.ExpectedServerHostname"/> is empty.</exception>
    public WorkerSocket StartTls(TlsOptions? options = null)
    {
        // An inbound socket's TLS is the host's (Kestrel's connection middleware), so it has no upgrade to start.
        ThrowIfInbound();

        // workerd's order, which holds whichever request asks: a TLS socket, then a connection its close() has already
        // torn down (whatever the option), then the option.
        if (SecureTransport == SecureTransport.On)
        {
            throw new InvalidOperationException(SocketErrors.StartTlsOnTls);
        }

        if (_closeRequested && _state.Current == SocketState.Closed)
        {
            throw new InvalidOperationException(SocketErrors.StartTlsAfterClose);
        }

        if (SecureTransport != SecureTransport.StartTls)
        {
            throw new InvalidOperationException(SocketErrors.StartTlsOptionMissing);
        }

        _scope.EnsureCurrent();
        TlsOptions.ThrowIfEmptyName(options);
        if (_startTlsCalled)
        {
            // As workerd: while the first upgrade is under way it was "already called"; once it has settled, this socket is closed.
            bool upgradeSettled = _upgradedTo is { } tlsSocket && tlsSocket.Opened.IsCompleted;
            throw new InvalidOperationException(upgradeSettled ? SocketErrors.StartTlsAfterClose : SocketErrors.StartTlsTwice);
        }

        if (_state.Current is SocketState.Closing or SocketState.Closed)
        {
            throw new InvalidOperationException(SocketErrors.StartTlsAfterClose);
        }

        // The handler ended its side (Writable.Complete sent FIN): no handshake can be written. workerd accepts the call
        // and its TLS socket never opens; saying so at once beats a socket that never settles.
        if (_writingEnded)
        {
            throw new InvalidOperationException(SocketErrors.StartTlsAfterWritableEnded);
        }

        if (!_state.TryMoveTo(SocketState.Upgraded))
        {
            throw new InvalidOperationException(SocketErrors.StartTlsAfterClose);
        }

        _startTlsCalled = true;
        var tlsOptions = _options with { SecureTransport = SecureTransport.On, Tls = options ?? _options.Tls };
        var upgraded = new WorkerSocket(_scope, _host, _port, _remoteAddress, tlsOptions, SecureTransport.On);
        _scope.Adopt(upgraded, takesSlot: false);
        _upgradedTo = upgraded;
        upgraded._holdsSlot = Interlocked.Exchange(ref _holdsSlot, 0);
        _scope.Forget(this);
        _ = upgraded.UpgradeFromAsync(this);
        return upgraded;
    }

    /// <summary>Waits for the plaintext socket, flushes it, takes its connection and runs the TLS handshake.</summary>
    private async Task UpgradeFromAsync(WorkerSocket plaintext)
    {
        try
        {
            await plaintext.Opened.WaitAsync(LifetimeToken).ConfigureAwait(false);
            await plaintext._writable.FlushQueuedAsync().ConfigureAwait(false);
            var (socket, bufferedBytes) = plaintext.DetachForUpgrade();
            NetworkStream? network = null;
            try
            {
                if (bufferedBytes > 0)
                {
                    throw new IOException(SocketErrors.DataBeforeTlsHandshake);
                }

                if (!_state.TryMoveTo(SocketState.Connecting))
                {
                    throw new IOException(SocketErrors.ClosedBeforeOpen);
                }

                network = new NetworkStream(socket, ownsSocket: false);
                var tls = await HandshakeAsync(network, socket, LifetimeToken).ConfigureAwait(false);
                Attach(SocketTransport.Secure(socket, network, tls));
            }
            catch
            {
                network?.Dispose();
                socket.Dispose();
                throw;
            }
        }
        catch (Exception e)
        {
            plaintext.AbandonUpgrade();
            Finish(e);
        }
    }

    /// <summary>The upgrade failed: stop connecting, drop the connection if it is still here, and settle <see cref="Closed"/>.</summary>
    private void AbandonUpgrade()
    {
        EndLifetime();
        SocketTransport? transport;
        lock (Gate)
        {
            transport = _transport;
            _transport = null;
        }

        transport?.Dispose(abortive: true);
        _closed.TrySetResult();
    }

    /// <summary>Lets go of the pipes and hands over the connection; this socket's <see cref="Closed"/> completes.</summary>
    private (Socket Socket, long BufferedBytes) DetachForUpgrade()
    {
        long buffered = _readable.Detach();
        SocketTransport transport;
        lock (Gate)
        {
            transport = _transport ?? throw new IOException(SocketErrors.StartTlsAfterClose);
            _transport = null;
        }

        _writable.Release();
        var socket = transport.Detach();
        _closed.TrySetResult();
        return (socket, buffered);
    }
}
