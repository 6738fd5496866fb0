using System.Net;
using WorkerSockets.Internal;
using WorkerSockets.Policy;

namespace WorkerSockets;

/// <summary>Opens outbound TCP sockets, as <c>connect()</c> from <c>cloudflare:sockets</c>.</summary>
public static class Sockets
{
    private static readonly SocketOptions DefaultOptions = new();

    /// <summary>Starts connecting to <paramref name="address"/> (<c>host:port</c> or <c>[v6]:port</c>) and returns at once.</summary>
    /// <param name="address">The destination, with a port.</param>
    /// <param name="options">Socket options; <see langword="null"/> for the defaults.</param>
    /// <returns>The socket; <see cref="WorkerSocket.Opened"/> completes when it is connected.</returns>
    /// <exception cref="InvalidOperationException">Called outside a request handler.</exception>
    /// <exception cref="ArgumentException">The address is malformed, or <see cref="TlsOptions.ExpectedServerHostname"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SocketOptions.SecureTransport"/> is not one of the enum's members.</exception>
    /// <exception cref="SocketPolicyException">The port is blocked (25).</exception>
    public static WorkerSocket Connect(string address, SocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var scope = WorkerContext.RequireForConnect();
        var (host, port) = AddressParser.Parse(address);
        return Open(scope, host, port, address, options);
    }

    /// <summary>Starts connecting to <paramref name="hostname"/> on <paramref name="port"/> and returns at once.</summary>
    /// <param name="hostname">A host name or IP literal.</param>
    /// <param name="port">A TCP port, 0 to 65535.</param>
    /// <param name="options">Socket options; <see langword="null"/> for the defaults.</param>
    /// <returns>The socket; <see cref="WorkerSocket.Opened"/> completes when it is connected.</returns>
    /// <exception cref="InvalidOperationException">Called outside a request handler.</exception>
    /// <exception cref="ArgumentException">The host name is malformed, or <see cref="TlsOptions.ExpectedServerHostname"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 0 to 65535, or <see cref="SocketOptions.SecureTransport"/> is not one of the enum's members.</exception>
    /// <exception cref="SocketPolicyException">The port is blocked (25).</exception>
    public static WorkerSocket Connect(string hostname, int port, SocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hostname);

        // workerd's order: JSG converts the port before connect() runs (so even at global scope), then connect() finds
        // its request, then checks "hostname:port".
        ThrowIfPortOutOfRange(port);
        var scope = WorkerContext.RequireForConnect();
        AddressParser.ValidateHostname(hostname, port);
        if (hostname.StartsWith('[') && hostname.EndsWith(']'))
        {
            hostname = hostname[1..^1]; // "[::1]" and "::1" name the same host; the brackets belong to the address form only
        }

        string remoteAddress = hostname.Contains(':', StringComparison.Ordinal) ? $"[{hostname}]:{port}" : $"{hostname}:{port}";
        return Open(scope, hostname, port, remoteAddress, options);
    }

    /// <summary>Starts connecting to a <see cref="DnsEndPoint"/> or <see cref="IPEndPoint"/> and returns at once.</summary>
    /// <param name="endpoint">The destination.</param>
    /// <param name="options">Socket options; <see langword="null"/> for the defaults.</param>
    /// <returns>The socket; <see cref="WorkerSocket.Opened"/> completes when it is connected.</returns>
    /// <exception cref="InvalidOperationException">Called outside a request handler.</exception>
    /// <exception cref="ArgumentException">The endpoint is neither a <see cref="DnsEndPoint"/> nor an <see cref="IPEndPoint"/>, its host is malformed, or <see cref="TlsOptions.ExpectedServerHostname"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 0 to 65535, or <see cref="SocketOptions.SecureTransport"/> is not one of the enum's members.</exception>
    /// <exception cref="SocketPolicyException">The port is blocked (25).</exception>
    public static WorkerSocket Connect(EndPoint endpoint, SocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        switch (endpoint)
        {
            case DnsEndPoint dns:
                return Connect(dns.Host, dns.Port, options);
            case IPEndPoint ip:
                var scope = WorkerContext.RequireForConnect();
                ThrowIfPortOutOfRange(ip.Port);
                return Open(scope, ip.Address.ToString(), ip.Port, ip.ToString(), options);
            default:
                throw new ArgumentException("Only DnsEndPoint and IPEndPoint destinations are supported.", nameof(endpoint));
        }
    }

    private static WorkerSocket Open(WorkerContext scope, string host, int port, string remoteAddress, SocketOptions? options)
    {
        options ??= DefaultOptions;
        ThrowIfSecureTransportUnsupported(options.SecureTransport);
        TlsOptions.ThrowIfEmptyName(options.Tls);
        scope.Policy.EnsurePortAllowed(port);
        return WorkerSocket.Start(scope, host, port, remoteAddress, options);
    }

    // As workerd's parseSecureTransport: a value outside the three modes is refused at connect, not read as "off".
    private static void ThrowIfSecureTransportUnsupported(SecureTransport value)
    {
        if (value is not (SecureTransport.Off or SecureTransport.On or SecureTransport.StartTls))
        {
            throw new ArgumentOutOfRangeException(
                null,
                $"{SocketErrors.UnsupportedSecureTransport}{(int)value} (in .NET: SecureTransport.Off, SecureTransport.On or SecureTransport.StartTls)");
        }
    }

    // workerd's messages word for word; no parameter name, which .NET would append to the message.
    private static void ThrowIfPortOutOfRange(int port)
    {
        if (port < 0)
        {
            throw new ArgumentOutOfRangeException(null, SocketErrors.PortNegative);
        }

        if (port > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(null, SocketErrors.PortAboveMaximum);
        }
    }
}
