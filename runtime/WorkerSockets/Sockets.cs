using System.Net;

namespace WorkerSockets;

/// <summary>Opens outbound TCP sockets, as <c>connect()</c> from <c>cloudflare:sockets</c>.</summary>
public static class Sockets
{
    /// <summary>Starts connecting to <paramref name="address"/> (<c>host:port</c> or <c>[v6]:port</c>) and returns at once.</summary>
    /// <param name="address">The destination, with a port.</param>
    /// <param name="options">Socket options; <see langword="null"/> for the defaults.</param>
    /// <returns>The socket; <see cref="WorkerSocket.Opened"/> completes when it is connected.</returns>
    public static WorkerSocket Connect(string address, SocketOptions? options = null) => throw new NotImplementedException();

    /// <summary>Starts connecting to <paramref name="hostname"/> on <paramref name="port"/> and returns at once.</summary>
    /// <param name="hostname">A host name or IP literal.</param>
    /// <param name="port">A TCP port, 0 to 65535.</param>
    /// <param name="options">Socket options; <see langword="null"/> for the defaults.</param>
    /// <returns>The socket; <see cref="WorkerSocket.Opened"/> completes when it is connected.</returns>
    public static WorkerSocket Connect(string hostname, int port, SocketOptions? options = null) => throw new NotImplementedException();

    /// <summary>Starts connecting to a <see cref="DnsEndPoint"/> or <see cref="IPEndPoint"/> and returns at once.</summary>
    /// <param name="endpoint">The destination.</param>
    /// <param name="options">Socket options; <see langword="null"/> for the defaults.</param>
    /// <returns>The socket; <see cref="WorkerSocket.Opened"/> completes when it is connected.</returns>
    public static WorkerSocket Connect(EndPoint endpoint, SocketOptions? options = null) => throw new NotImplementedException();
}
